//! Attribution from the document's context: where a figure's year, status,
//! place and indicator come from, one source at a time, in sentences of our
//! own. Each case names the construction it stands for; the same construction
//! said in other words is a second case, so that no rule is held up by one
//! sentence.

use solieu::pipeline::extract_str;
use solieu::record::Record;
use solieu::rules::Catalog;
use std::sync::LazyLock;

static CAT: LazyLock<Catalog> = LazyLock::new(|| Catalog::embedded().expect("patterns"));

fn records(text: &str) -> Vec<Record> {
    extract_str("t.txt", text, &CAT)
}

/// The one record whose quote is `quote` (the test fails when there is none or several).
fn fig(text: &str, quote: &str) -> Record {
    let all = records(text);
    let found: Vec<&Record> = all.iter().filter(|r| r.citation.quote == quote).collect();
    assert_eq!(
        found.len(),
        1,
        "{quote:?} in {text:?}: {:?}",
        all.iter().map(|r| &r.citation.quote).collect::<Vec<_>>()
    );
    found[0].clone()
}

fn no_fig(text: &str, quote: &str) {
    let all = records(text);
    assert!(
        all.iter().all(|r| r.citation.quote != quote),
        "{quote:?} must be no figure in {text:?}"
    );
}

// ---- place ----

#[test]
fn no_place_named_gives_no_place() {
    let r = fig(
        "UBND huyện đặt mục tiêu 90% hồ sơ công việc được xử lý trên môi trường mạng.",
        "90%",
    );
    assert_eq!(r.place, None);
    let r = fig("Xã đã có 14 tổ công nghệ số cộng đồng hoạt động đều.", "14");
    assert_eq!(r.place, None);
}

#[test]
fn provinces_joined_before_a_figure_share_it() {
    let r = fig(
        "Cần Thơ và Hậu Giang đều có tỷ lệ hồ sơ trực tuyến dưới 40%.",
        "40%",
    );
    assert_eq!(r.place, None);
    let r = fig("Ở Gia Lai, Kon Tum, tỷ lệ này mới chừng 35%.", "35%");
    assert_eq!(r.place, None);
    // One province: its own.
    let r = fig("Ở Kon Tum, tỷ lệ này mới chừng 35%.", "35%");
    assert_eq!(r.place.as_deref(), Some("Kon Tum"));
}

#[test]
fn a_local_cue_without_a_name_is_the_documents_province() {
    let text = "Sở Thông tin tỉnh Bắc Ninh tổng kết năm 2023.\n\n\
                Cả nước có 61 triệu tài khoản định danh điện tử.\n\n\
                Trong năm, tỉnh có 72% hồ sơ được nộp trực tuyến.";
    assert_eq!(fig(text, "72%").place.as_deref(), Some("Bắc Ninh"));
    assert_eq!(fig(text, "61 triệu").place.as_deref(), Some("Việt Nam"));
}

#[test]
fn the_country_as_a_rankings_field_is_no_national_scope() {
    let r = fig(
        "Tỉnh Hòa Bình có tỷ lệ thanh toán trực tuyến đạt 40%, xếp thứ 20 cả nước.",
        "40%",
    );
    assert_eq!(r.place.as_deref(), Some("Hòa Bình"));
    let r = fig(
        "Tỉnh Hòa Bình có tỷ lệ thanh toán trực tuyến đạt 40%, đứng thứ 20 toàn quốc.",
        "thứ 20",
    );
    assert_eq!(r.place.as_deref(), Some("Hòa Bình"));
}

// ---- year ----

#[test]
fn a_scraper_date_line_is_furniture() {
    let text = " date 2024-05-02 Gia Lai đẩy mạnh hóa đơn điện tử\n\n\
                Hiện toàn tỉnh có 1.200 doanh nghiệp dùng hóa đơn điện tử.";
    let all = records(text);
    assert!(all.iter().all(|r| r.kind != "date"), "no date record");
    assert_eq!(fig(text, "1.200").year, None);
}

#[test]
fn a_site_banner_gives_no_year() {
    let text = "Chào mừng năm mới 2026\n\nKon Tum chuyển đổi số\n\n\
                Tỉnh có 80% hộ gia đình dùng Internet cáp quang.";
    assert_eq!(fig(text, "80%").year, None);
    let text = "Mừng Xuân Bính Ngọ 2026\n\nKon Tum chuyển đổi số\n\n\
                Tỉnh có 80% hộ gia đình dùng Internet cáp quang.";
    assert_eq!(fig(text, "80%").year, None);
}

/// What a record says, but where it stands (the same figure in a longer text).
fn said(r: &Record) -> String {
    format!(
        "{} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        r.citation.quote,
        r.kind,
        r.value,
        r.date,
        r.indicator,
        r.status,
        r.year,
        r.as_of,
        r.place,
        r.level
    )
}

#[test]
fn an_economic_ticker_is_furniture() {
    // A news site's ticker above the article: its label line and the line
    // of macroeconomic figures after it give no record, and its date (2024)
    // no year to the article's day "30/9" (the title's 2023 does).
    let article = "Quảng Trị tăng tốc số hóa y tế năm 2023\n\n\
                   Đến ngày 30/9, tỉnh đã có 68% cơ sở khám chữa bệnh triển khai bệnh án điện tử.";
    let alone: Vec<String> = records(article).iter().map(said).collect();
    assert!(alone.iter().any(|r| r.starts_with("68% ")), "{alone:?}");
    assert!(
        alone.contains(
            &"30/9 date None Some(\"2023-09-30\") None None None None None None".to_string()
        ),
        "{alone:?}"
    );
    let tickers = [
        "Tỷ giá:\nNgày 20/11/2024, đồng USD được niêm yết quanh 25.420 đồng. \
         Giá tiêu dùng tháng 10 nhích 0,3%, vốn FDI giải ngân 19,6 tỷ USD, cả nước xuất khẩu 335 tỷ USD.\n",
        "Chỉ số kinh tế:\n\nTháng 11/2024, sản lượng công nghiệp tăng 8,2%; \
         thu ngân sách ước 180 nghìn tỷ đồng. Khách quốc tế đến Hà Nội đạt 1,6 triệu lượt.\n",
    ];
    for ticker in tickers {
        let text = format!("{ticker}\n{article}");
        let all = records(&text);
        assert!(
            all.iter().all(|r| r.citation.start >= ticker.len()),
            "a figure of the ticker: {:?}",
            all.iter().map(said).collect::<Vec<_>>()
        );
        assert_eq!(all.iter().map(said).collect::<Vec<_>>(), alone, "{text:?}");
    }
}

#[test]
fn a_colon_line_that_is_no_ticker_label_governs_its_figures() {
    // Not a ticker's label: the line after it keeps its figures and years.
    let text =
        "Kết quả nổi bật:\nNăm 2024, tỉnh có 95% hồ sơ thủ tục hành chính được nộp trực tuyến.";
    assert_eq!(fig(text, "95%").year, Some(2024));
    // A ticker's word in a longer line (over six words) is no label.
    let text = "Thời tiết cực đoan làm hư hỏng nhiều trạm phát sóng, nhưng tỉnh đã khắc phục:\n\
                Năm 2024, tỉnh có 99% thôn có sóng di động 4G.";
    assert_eq!(fig(text, "99%").year, Some(2024));
    // A ticker's word that does not open the line is no label either.
    let text = "Bảng tỷ giá:\nNăm 2024, tỉnh có 95% hồ sơ thủ tục hành chính được nộp trực tuyến.";
    assert_eq!(fig(text, "95%").year, Some(2024));
}

#[test]
fn a_legal_documents_date_is_not_the_datas_year() {
    let r = fig(
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 10/3/2021 của tỉnh, 95% xã đã có cáp quang.",
        "95%",
    );
    assert_eq!(r.year, None);
    let r = fig(
        "Theo Nghị quyết 12-NQ/TU năm 2021 của Tỉnh ủy, 95% xã đã có cáp quang.",
        "95%",
    );
    assert_eq!(r.year, None);
}

#[test]
fn the_leads_year_governs_figures_of_its_status() {
    let lead = "Trong 6 tháng đầu năm 2024, tỉnh Sơn La đẩy mạnh chuyển đổi số trên cả ba trụ cột và đạt nhiều kết quả đáng ghi nhận.";
    let text = format!("{lead}\n\nTỷ lệ hồ sơ trực tuyến đạt 51%.");
    assert_eq!(fig(&text, "51%").year, Some(2024));
    // A lead that sets a goal dates no result.
    let lead = "Năm 2025, tỉnh Yên Bái đặt mục tiêu nâng chỉ số chuyển đổi số thêm ít nhất năm bậc so với hiện nay.";
    let text = format!("{lead}\n\nTỷ lệ hồ sơ trực tuyến của tỉnh đã đạt 51%.");
    assert_eq!(fig(&text, "51%").year, None);
    // "Thời gian qua" after the lead: the lead no longer governs. (A short
    // first line with a year is a title, which governs the whole passage.)
    let lead = "Trong 6 tháng đầu năm 2024, tỉnh Sơn La tiếp tục đẩy mạnh chuyển đổi số ở mọi lĩnh vực, từ hạ tầng mạng, dữ liệu dùng chung đến dịch vụ công, đạt được nhiều kết quả đáng ghi nhận ở các sở, ngành.";
    let text = format!(
        "Sơn La chuyển đổi số\n\n{lead}\n\nThời gian qua, tỉnh chú trọng hạ tầng số.\n\nTỷ lệ hồ sơ trực tuyến đạt 51%."
    );
    assert_eq!(fig(&text, "51%").year, None);
    let text = format!("Sơn La chuyển đổi số\n\n{lead}\n\nTỷ lệ hồ sơ trực tuyến đạt 51%.");
    assert_eq!(fig(&text, "51%").year, Some(2024));
    let text = format!(
        "Sơn La chuyển đổi số\n\n{lead}\n\nThời gian qua, tỉnh chú trọng hạ tầng số.\n\nTỷ lệ hồ sơ trực tuyến đạt 51%."
    );
    assert_eq!(fig(&text, "51%").year, None);
}

#[test]
fn a_year_after_its_figure_is_that_figures() {
    let text = "Tỷ lệ này tăng đều: 2,1% vào năm 2019, 2,6% vào năm 2020 và 3,4% vào năm 2021.";
    assert_eq!(fig(text, "2,1%").year, Some(2019));
    assert_eq!(fig(text, "2,6%").year, Some(2020));
    assert_eq!(fig(text, "3,4%").year, Some(2021));
    let text = "Quy mô từ 4,5 tỷ USD trong năm 2019 đã lên 9 tỷ USD trong năm 2022.";
    assert_eq!(fig(text, "4,5 tỷ USD").year, Some(2019));
    assert_eq!(fig(text, "9 tỷ USD").year, Some(2022));
}

#[test]
fn a_span_of_years_with_lan_luot_gives_each_figure_its_year() {
    let text = "Số doanh nghiệp công nghệ số các năm 2021 - 2023 lần lượt là 150, 180 và 240 doanh nghiệp.";
    assert_eq!(fig(text, "150").year, Some(2021));
    assert_eq!(fig(text, "180").year, Some(2022));
    assert_eq!(fig(text, "240").year, Some(2023));
    // Not as many figures as years: no year is guessed from the span.
    let text = "Giai đoạn 2021 - 2025, tỉnh lần lượt đạt 150 và 180 doanh nghiệp.";
    assert_eq!(fig(text, "150").year, None);
}

// ---- status ----

#[test]
fn a_figures_own_clause_after_it_can_set_its_status() {
    let r = fig("Đáng chú ý, 85% hồ sơ sẽ được số hóa.", "85%");
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig("Đáng chú ý, 85% hồ sơ đã được số hóa.", "85%");
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // The next figure's parenthesis is not this figure's clause.
    let r = fig("Tỷ lệ hồ sơ trực tuyến đạt 47% (chỉ tiêu là 40%).", "47%");
    assert_eq!(r.status.as_deref(), Some("achieved"));
}

#[test]
fn a_goal_carries_over_the_plain_figures_after_it() {
    let text = "Tỉnh Phú Thọ đặt mục tiêu đến năm 2026 có 80% hộ gia đình dùng cáp quang.\n\n\
                Tỷ lệ doanh nghiệp dùng hợp đồng điện tử trên 60%.";
    let r = fig(text, "60%");
    assert_eq!(r.status.as_deref(), Some("target"));
    assert_eq!(r.year, Some(2026));
    // A result said outright ends it.
    let text = "Tỉnh Phú Thọ đặt mục tiêu đến năm 2026 có 80% hộ gia đình dùng cáp quang.\n\n\
                Hiện nay, tỉnh đã có 50% doanh nghiệp dùng hợp đồng điện tử.";
    assert_eq!(fig(text, "50%").status.as_deref(), Some("achieved"));
    // A goal with a deadline and no figure frames what follows.
    let text = "Phấn đấu đến năm 2030, tỉnh hoàn thành chuyển đổi số toàn diện.\n\n\
                Khi đó, 100% hồ sơ công việc được xử lý trên môi trường mạng.";
    let r = fig(text, "100%");
    assert_eq!(r.status.as_deref(), Some("target"));
    assert_eq!(r.year, Some(2030));
}

#[test]
fn a_long_paragraph_alone_is_no_heading() {
    let text = "Tỉnh đã có chương trình hành động cùng kế hoạch thực hiện nhiều nội dung cụ thể về hạ tầng số, nền tảng số, dữ liệu số và an toàn thông tin mạng, phù hợp với điều kiện của địa phương trong những năm tới.\n\n\
                Toàn tỉnh có 4.100 trạm thu phát sóng di động.\n\n\
                Trong đó có 90 trạm 5G.";
    assert_eq!(fig(text, "90").status.as_deref(), Some("achieved"));
}

// ---- kinds ----

#[test]
fn an_index_value_without_diem_is_a_score() {
    let text = "Giá trị DTI của tỉnh năm 2023 đạt 0,6123, tăng 4,2% so với năm 2022.";
    let r = fig(text, "0,6123");
    assert_eq!(r.kind, "score");
    assert_eq!(r.indicator.as_deref(), Some("dti_score"));
    // The change said right after it is of the same index.
    assert_eq!(fig(text, "4,2%").indicator.as_deref(), Some("dti_score"));
    // A fraction with fewer decimals, or no index word, is no score.
    no_fig("Hệ số đạt 0,61 trong năm.", "0,61");
}

#[test]
fn the_field_of_a_rank_is_its_denominator() {
    let text = "Năm nay tỉnh xếp thứ 8 trong bảng xếp hạng 34 địa phương.";
    let r = fig(text, "thứ 8 trong bảng xếp hạng 34");
    assert_eq!(
        (r.kind.as_str(), r.value, r.denominator),
        ("rank", Some(8.0), Some(34.0))
    );
    let r = fig(
        "Thành phố đứng thứ 4 trong nhóm 34 địa phương.",
        "thứ 4 trong nhóm 34",
    );
    assert_eq!(r.denominator, Some(34.0));
}

#[test]
fn a_group_named_by_its_size_is_a_count() {
    let r = fig(
        "Top 5 địa phương dẫn đầu gồm: Đà Nẵng, Hà Nội, Huế, Cần Thơ và Bắc Giang.",
        "5",
    );
    assert_eq!(r.kind, "count");
    let r = fig("Tỉnh lọt vào top 5 về hạ tầng số.", "top 5");
    assert_eq!((r.kind.as_str(), r.qualifier.as_str()), ("rank", "at_most"));
    let r = fig("TP.HCM dẫn đầu nhóm 63 tỉnh, thành về chỉ số này.", "63");
    assert_eq!(r.kind, "count");
}

#[test]
fn places_ranks_and_things_that_are_no_figures() {
    assert_eq!(
        fig("Tỉnh có 120 điểm phục vụ bưu chính công.", "120 điểm").kind,
        "count"
    );
    assert_eq!(
        fig("Bộ đạt 84 điểm trong kỳ đánh giá.", "84 điểm").kind,
        "score"
    );
    no_fig("Tỉnh có 30 sản phẩm OCOP đạt 4 sao.", "4");
    assert_eq!(fig("Tỉnh vươn lên vị trí số 4 cả nước.", "4").kind, "rank");
    let text = "Chỉ số hạ tầng số lùi 3 bậc (từ 2 xuống 5).";
    assert_eq!(fig(text, "2").kind, "rank");
    assert_eq!(fig(text, "5").kind, "rank");
}

#[test]
fn a_bare_amount_after_money_is_money() {
    let r = fig(
        "Năm 2023 doanh thu đạt 900 tỷ đồng, tăng thêm 150 tỷ so với năm trước.",
        "150 tỷ",
    );
    assert_eq!(
        (r.kind.as_str(), r.currency.as_deref()),
        ("money", Some("VND"))
    );
    assert_eq!(r.value, Some(150e9));
    // No money before it: a count.
    let r = fig("Tỉnh có 2 triệu lượt truy cập cổng.", "2 triệu");
    assert_eq!(r.kind, "count");
}

#[test]
fn a_part_of_a_whole_is_one_count() {
    let r = fig(
        "Tỉnh giải quyết đúng hạn 1.210 trong tổng số 1.300 hồ sơ.",
        "1.210 trong tổng số 1.300",
    );
    assert_eq!((r.value, r.denominator), (Some(1210.0), Some(1300.0)));
}

// ---- indicator ----

#[test]
fn abbreviations_match_the_phrases_they_stand_for() {
    let r = fig("Năm 2024, tỉnh Nam Định đã cung cấp 1.520 DVCTT.", "1.520");
    assert_eq!(
        r.indicator.as_deref(),
        Some("online_public_services_provided_count")
    );
    let r = fig(
        "Tỷ trọng TMĐT trong tổng mức bán lẻ của tỉnh đạt 7,5%.",
        "7,5%",
    );
    assert_eq!(r.indicator.as_deref(), Some("ecommerce_retail_share"));
}

#[test]
fn a_list_said_once_shares_its_indicator() {
    let text = "Cổng dịch vụ công tỉnh tiếp nhận trực tuyến 1.200 hồ sơ, 950 hồ sơ và 700 hồ sơ qua ba quý.";
    let a = fig(text, "1.200").indicator;
    assert!(a.is_some());
    assert_eq!(fig(text, "950").indicator, a);
    assert_eq!(fig(text, "700").indicator, a);
}

#[test]
fn index_values_in_pillar_lists_and_scale_points_are_scores() {
    let text = "Năm 2024, trụ cột kinh tế số đạt 0,6512, tăng 3,2%; trụ cột xã hội số đạt 0,5931.";
    assert_eq!(fig(text, "0,6512").kind, "score");
    assert_eq!(fig(text, "0,5931").kind, "score");
    let r = fig("Chỉ số được chấm trên thang điểm tối đa là 500.", "500");
    assert_eq!(
        (r.kind.as_str(), r.qualifier.as_str()),
        ("score", "at_most")
    );
    let r = fig("Các tỉnh có giá trị DTI từ mức 0,5 trở lên.", "0,5");
    assert_eq!(r.kind, "score");
}

#[test]
fn a_recurring_day_is_no_date() {
    // (Each text names a year, so that a day and month could be dated.)
    no_fig(
        "Năm 2024, tỉnh hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam (21/4) với nhiều hoạt động.",
        "21/4",
    );
    no_fig(
        "Từ năm 2024, hội thi diễn ra vào ngày 9/11 hằng năm.",
        "9/11",
    );
    // An event's day is one.
    let r = fig(
        "Ngày 9/11, tỉnh khai trương trung tâm dữ liệu đầu tiên của năm 2024.",
        "9/11",
    );
    assert_eq!(r.date.as_deref(), Some("2024-11-09"));
}

#[test]
fn a_total_named_before_its_number_is_a_count() {
    let r = fig(
        "Trong quý, tổng số hồ sơ tiếp nhận là 12.480, tăng nhẹ.",
        "12.480",
    );
    assert_eq!((r.kind.as_str(), r.value), ("count", Some(12480.0)));
    let r = fig("Số lượng giao dịch qua ví điện tử đạt 905.", "905");
    assert_eq!(r.kind, "count");
}

#[test]
fn an_article_about_the_dti_gives_its_ranks_and_values_the_dti() {
    let text = "Chỉ số DTI 2022: Kon Tum tăng 4 bậc\n\n\
                Năm 2022, Kon Tum xếp thứ 55/63 với 0,3120 điểm.\n\n\
                Riêng trụ cột kinh tế số đạt 0,2811 điểm.";
    assert_eq!(fig(text, "55/63").indicator.as_deref(), Some("dti_rank"));
    assert_eq!(
        fig(text, "0,3120 điểm").indicator.as_deref(),
        Some("dti_score")
    );
    // A pillar's value is the pillar's, which the catalog has no id for.
    assert_eq!(fig(text, "0,2811 điểm").indicator, None);
    // Without the index in the title or lead, a bare rank stays unlabelled.
    let text = "Kon Tum nỗ lực cải thiện thứ hạng\n\n\
                Năm 2022, Kon Tum xếp thứ 55/63 về năng lực cạnh tranh.";
    assert_eq!(fig(text, "55/63").indicator, None);
}

#[test]
fn a_province_named_in_passing_does_not_take_the_articles_figures() {
    let text = "Phú Yên đẩy mạnh hạ tầng số\n\n\
                Năm 2023, tỉnh Phú Yên có 1.200 doanh nghiệp công nghệ số. Tỉnh Khánh Hòa lân cận đạt thứ 17.\n\
                Cũng trong năm, tỉnh đã chi 45 tỷ đồng cho hạ tầng số.";
    assert_eq!(fig(text, "45 tỷ đồng").place.as_deref(), Some("Phú Yên"));
    let r = fig(
        "Hà Nội và TP.HCM dẫn đầu. Hai địa phương này có tỷ lệ hồ sơ trực tuyến trên 99%.",
        "99%",
    );
    assert_eq!(r.place, None);
    let r = fig("Ở xã Quảng Bình, 95% hộ gia đình đã có cáp quang.", "95%");
    assert_eq!(r.place, None);
}

#[test]
fn a_label_before_a_colon_names_the_figure() {
    let text =
        "Bắc Kạn: kết quả chuyển đổi số 2023\n\n- Tỷ lệ hộ gia đình có Internet cáp quang: 70%.";
    assert_eq!(
        fig(text, "70%").indicator.as_deref(),
        Some("fiber_broadband_household_rate")
    );
    // A dateline with no "ngày" is no figure.
    no_fig(
        "Tiền Giang, 05/01/2024\nTỉnh có 120 doanh nghiệp công nghệ số.",
        "05/01/2024",
    );
    // The next clause's forecast does not make a result a target.
    let text = "Doanh thu thương mại điện tử năm 2023 đạt khoảng 30 tỷ USD và được dự báo sẽ đạt 45 tỷ USD vào năm 2025.";
    assert_eq!(fig(text, "30 tỷ USD").status.as_deref(), Some("achieved"));
    assert_eq!(fig(text, "45 tỷ USD").status.as_deref(), Some("target"));
}

#[test]
fn a_level_said_after_the_figures_noun_is_its_level() {
    let text = "Năm 2024, 85% hồ sơ công việc cấp tỉnh, 70% hồ sơ công việc cấp huyện và 60% hồ sơ công việc cấp xã được xử lý trên môi trường mạng.";
    assert_eq!(fig(text, "85%").level.as_deref(), Some("province"));
    assert_eq!(fig(text, "70%").level.as_deref(), Some("district"));
    assert_eq!(fig(text, "60%").level.as_deref(), Some("commune"));
    // A list of levels is none of them.
    let text = "Mạng chuyên dùng đã nối tới 100% cơ quan cấp tỉnh, huyện, xã.";
    assert_eq!(fig(text, "100%").level, None);
    // A level right before the next figure is that figure's.
    let text = "Toàn tỉnh có 240 cán bộ chuyên trách, trong đó cấp tỉnh 30 người.";
    assert_eq!(fig(text, "240").level, None);
    assert_eq!(fig(text, "30").level.as_deref(), Some("province"));
    // Units counted.
    let text = "Đã có 27/27 huyện và 15 sở, ngành triển khai nền tảng họp trực tuyến.";
    assert_eq!(fig(text, "27/27").level.as_deref(), Some("district"));
    assert_eq!(fig(text, "15").level.as_deref(), Some("province"));
}

#[test]
fn a_goals_heading_does_not_make_an_earlier_years_figure_a_goal() {
    let text = "I. MỤC TIÊU NĂM 2025\n\n\
                Tỷ lệ hồ sơ trực tuyến trên 80%.\n\n\
                Năm 2023, tỉnh mới có 37% hồ sơ trực tuyến.";
    let r = fig(text, "80%");
    assert_eq!((r.status.as_deref(), r.year), (Some("target"), Some(2025)));
    let r = fig(text, "37%");
    assert_eq!(
        (r.status.as_deref(), r.year),
        (Some("achieved"), Some(2023))
    );
    // A span of years is no year.
    let r = fig(
        "Năm học 2023-2024, 100% học sinh tiểu học của tỉnh Bến Tre có học bạ số.",
        "100%",
    );
    assert_eq!(r.year, None);
}

#[test]
fn ranks_among_the_leaders_in_lists_and_over_all_provinces() {
    let r = fig("Tỉnh là 1 trong 8 địa phương dẫn đầu về hạ tầng số.", "8");
    assert_eq!((r.kind.as_str(), r.qualifier.as_str()), ("rank", "at_most"));
    let text = "Năm 2023 tỉnh xếp thứ 12, 15 và 20 ở ba trụ cột (ba năm trước, các thứ hạng này là 31, 28 và 30).";
    assert_eq!(fig(text, "31").kind, "rank");
    assert_eq!(fig(text, "30").kind, "rank");
    let r = fig("Năm 2024, tỉnh đứng 37/63 tỉnh, thành phố.", "37/63");
    assert_eq!((r.kind.as_str(), r.denominator), ("rank", Some(63.0)));
}

// ---- status: completion verbs and shares of a goal ----

#[test]
fn a_completion_verb_takes_the_status_that_governs_it() {
    // After a goal word, "hoàn thành" is part of the goal.
    let r = fig(
        "Phấn đấu đến năm 2027, tỉnh hoàn thành số hóa 100% hồ sơ đất đai.",
        "100%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    assert_eq!(r.year, Some(2027));
    let r = fig(
        "Huyện đặt ra yêu cầu hoàn thành cấp 95% chữ ký số cho cán bộ xã.",
        "95%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    // Said of a past year with nothing else, it is a result.
    let r = fig(
        "Năm 2023, thành phố hoàn thành kết nối cáp quang cho 98% trường học.",
        "98%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // With "đã" it is a result whatever came before.
    let r = fig(
        "Theo kế hoạch, tỉnh đã hoàn thành 87% số thủ tục cần số hóa.",
        "87%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
}

#[test]
fn a_goal_carried_over_a_sentence_governs_its_completion_verbs() {
    let text = "Đến năm 2030, tỉnh trở thành địa phương số phát triển khá của vùng.\n\
                Khi ấy, 95% hồ sơ được xử lý trực tuyến; hoàn thành dữ liệu dân cư; \
                75% doanh nghiệp nhỏ dùng nền tảng số.";
    for q in ["95%", "75%"] {
        let r = fig(text, q);
        assert_eq!(r.status.as_deref(), Some("target"), "{q}");
        assert_eq!(r.year, Some(2030), "{q}");
    }
}

#[test]
fn a_share_of_a_goal_is_a_result() {
    let r = fig(
        "Tỷ lệ hộ dùng cáp quang đạt 61% (bằng 88% kế hoạch năm).",
        "88%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // How much of the goal was done is no value of the goal's indicator,
    // even right after a labelled figure.
    let text = "Năm 2024, tỷ lệ hộ gia đình có Internet cáp quang đạt 61% (đạt 88% mục tiêu).";
    assert_eq!(fig(text, "88%").indicator, None);
    assert_eq!(
        fig(text, "61%").indicator.as_deref(),
        Some("fiber_broadband_household_rate")
    );
    let r = fig(
        "Số tài khoản thanh toán di động đạt 120% mục tiêu đề ra cho năm 2024.",
        "120%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    let r = fig("Doanh thu bưu chính đạt 97% so với kế hoạch.", "97%");
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // The goal nouns before a figure still make it a goal.
    let r = fig("Kế hoạch đặt chỉ tiêu 80% hộ có cáp quang.", "80%");
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig(
        "Mục tiêu của huyện là 70% người dân có tài khoản số.",
        "70%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
}

#[test]
fn a_colon_governs_its_list_and_no_further() {
    let text = "Huyện giao các chỉ tiêu sau:\n\
                - 85% hộ dân có tài khoản thanh toán số;\n\
                - 60% hồ sơ nộp trực tuyến.\n\n\
                Năm 2024, huyện cấp được 3.200 chữ ký số cho người dân.";
    assert_eq!(fig(text, "85%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "60%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "3.200").status.as_deref(), Some("achieved"));
    // The paragraph right after the colon is what it introduces, bullet or not.
    let text = "Kế hoạch năm 2026 đề ra như sau:\n\
                Tỷ lệ người dân dùng ví điện tử đạt 55%; tỷ lệ xã có điểm phát wifi công cộng 90%.\n\n\
                Kinh phí năm 2025 dành cho chuyển đổi số là 12 tỷ đồng.";
    assert_eq!(fig(text, "55%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "55%").year, Some(2026));
    assert_eq!(fig(text, "90%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "12 tỷ đồng").status.as_deref(), Some("achieved"));
    // Labelled items ("Nhãn: …") are list items too.
    let text = "Các mục tiêu cụ thể:\n\
                Hạ tầng số: 100% thôn có sóng di động.\n\
                Kinh tế số: 20% doanh nghiệp dùng hóa đơn số.";
    assert_eq!(fig(text, "20%").status.as_deref(), Some("target"));
}

#[test]
fn a_grade_is_no_ranking_field() {
    // "xếp hạng 3 sao" grades products: the country stays the scope, and
    // the next sentence ("Trong số này …") continues it.
    let text = "Sở Công Thương tỉnh Hà Tĩnh cho biết tình hình sản phẩm OCOP.\n\n\
                Tính đến tháng 6/2023, toàn quốc có 9.120 sản phẩm được xếp hạng từ 3 sao trở lên. \
                Trong số này có 58 sản phẩm 5 sao.";
    assert_eq!(fig(text, "9.120").place.as_deref(), Some("Việt Nam"));
    assert_eq!(fig(text, "58").place.as_deref(), Some("Việt Nam"));
    // A real rank keeps the country as its field: the province's own.
    let text = "Năm 2023, tỉnh Hà Tĩnh xếp thứ 18/63 cả nước về chỉ số chuyển đổi số.";
    assert_eq!(fig(text, "18/63").place.as_deref(), Some("Hà Tĩnh"));
}

#[test]
fn a_place_in_a_later_clause_is_not_the_figures() {
    let r = fig(
        "Báo cáo của Bộ Nội vụ nêu rõ, 30/34 tỉnh, thành phố đã lập 2.950 bộ phận một cửa cấp xã; \
         Hải Phòng và Cần Thơ làm theo mô hình riêng.",
        "2.950",
    );
    assert_eq!(r.place.as_deref(), Some("Việt Nam"));
    // In its own clause, a place after the figure is its own.
    let r = fig(
        "Có 41 điểm wifi miễn phí được lắp ở Huế trong năm qua.",
        "41 điểm",
    );
    assert_eq!(r.place.as_deref(), Some("Huế"));
}

#[test]
fn a_year_that_closes_a_name_dates_no_figure() {
    // A report's or an event's name.
    let r = fig(
        "Theo Sách trắng Công nghệ số Việt Nam 2021, tỷ trọng kinh tế số của tỉnh Bình Dương là 9,6%.",
        "9,6%",
    );
    assert_eq!(r.year, None);
    let r = fig(
        "Tại Diễn đàn Techfest 2024, huyện giới thiệu 12 sản phẩm số.",
        "12",
    );
    assert_eq!(r.year, None);
    // A name in unaccented words, opened by a capital.
    let r = fig(
        "Tại hội chợ Mekong startup week 2025, tỉnh giới thiệu 14 giải pháp số.",
        "14",
    );
    assert_eq!(r.year, None);
    // An index's name with its year dates the index's figures; so do GDP, GRDP.
    let r = fig("Chỉ số DTI 2022 của tỉnh đạt 0,5123 điểm.", "0,5123 điểm");
    assert_eq!(r.year, Some(2022));
    let r = fig("Kinh tế số chiếm 11,2% GRDP 2023 của tỉnh.", "11,2%");
    assert_eq!(r.year, Some(2023));
    // And "Năm 2023" opening the sentence is a year, not a name.
    let r = fig("Năm 2023 tỉnh cấp 4.100 chữ ký số.", "4.100");
    assert_eq!(r.year, Some(2023));
}

#[test]
fn a_capitalised_goal_word_inside_a_sentence_is_a_name() {
    let r = fig(
        "Trong khối các bộ, Bộ Kế hoạch và Đầu tư đứng ở vị trí thứ 2 năm 2024.",
        "thứ 2",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    let r = fig(
        "Thực hiện Kế hoạch số 45/KH-UBND, năm 2023 huyện lắp 160 camera an ninh.",
        "160",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // Lower case, or opening the sentence, it is a goal word.
    let r = fig("Kế hoạch năm 2026 là 300 camera an ninh.", "300");
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig("Theo kế hoạch, năm 2026 huyện lắp thêm 300 camera.", "300");
    assert_eq!(r.status.as_deref(), Some("target"));
}

#[test]
fn the_goal_noun_of_a_share_of_a_goal_governs_no_later_figure() {
    let text = "Năm 2024, 81% hộ có cáp quang (đạt 95% mục tiêu); 68% người lớn có ví điện tử.";
    assert_eq!(fig(text, "95%").status.as_deref(), Some("achieved"));
    assert_eq!(fig(text, "68%").status.as_deref(), Some("achieved"));
    assert_eq!(fig(text, "68%").year, Some(2024));
}

#[test]
fn a_forecast_is_a_target() {
    let r = fig(
        "Các chuyên gia dự báo doanh thu bán lẻ trực tuyến năm 2026 tăng khoảng 18%.",
        "18%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig(
        "Năm 2025, doanh thu bán lẻ trực tuyến tăng 22% so với năm trước.",
        "22%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
}

#[test]
fn a_sentences_topic_names_no_figure_with_a_noun_of_its_own() {
    let r = fig(
        "Về kinh tế số, 65% hợp tác xã của huyện bán hàng qua sàn điện tử.",
        "65%",
    );
    assert_eq!(r.indicator, None);
    let r = fig(
        "Đối với xã hội số, 40% nhà văn hóa thôn có wifi miễn phí.",
        "40%",
    );
    assert_eq!(r.indicator, None);
    // A cue after the topic still names its figure.
    let r = fig(
        "Về kinh tế số, tỷ trọng kinh tế số trong GRDP của tỉnh đạt 9,2%.",
        "9,2%",
    );
    assert_eq!(r.indicator.as_deref(), Some("digital_economy_gdp_share"));
}

#[test]
fn years_that_are_not_the_figures() {
    // A base value in parentheses right after its year.
    let r = fig(
        "Năm 2024, chỉ số của tỉnh đạt 0,7012 điểm, tăng 9% so với năm 2023 (0,6433 điểm).",
        "0,6433 điểm",
    );
    assert_eq!(r.year, Some(2023));
    let r = fig(
        "Năm 2024, chỉ số của tỉnh đạt 0,7012 điểm, tăng 9% so với năm 2023 (0,6433 điểm).",
        "0,7012 điểm",
    );
    assert_eq!(r.year, Some(2024));
    // "Sau năm 2030": after it, no year of its own.
    let r = fig(
        "Sau năm 2030, 95% người dân dùng hồ sơ sức khỏe điện tử.",
        "95%",
    );
    assert_eq!(r.year, None);
    // A period referred back to ("giai đoạn này") dates nothing.
    let text = "Năm 2024, kinh tế số của tỉnh đạt 8,1% GRDP.\n\
                Bình quân cả giai đoạn này, tỷ trọng kinh tế số là 6,4%.";
    assert_eq!(fig(text, "6,4%").year, None);
    assert_eq!(fig(text, "8,1%").year, Some(2024));
}

#[test]
fn points_that_are_places_are_counted() {
    let r = fig(
        "Tổ công nghệ số của xã bố trí 02 điểm cố định để hướng dẫn người dân.",
        "02 điểm",
    );
    assert_eq!(r.kind, "count");
    let r = fig("Bưu điện mở thêm 6 điểm hỗ trợ cài ví điện tử.", "6 điểm");
    assert_eq!(r.kind, "count");
    // A score stays a score.
    let r = fig("Huyện đạt 86 điểm, cao nhất tỉnh.", "86 điểm");
    assert_eq!(r.kind, "score");
}

#[test]
fn a_day_without_its_year_is_the_last_one_before_publication() {
    let text = "date 2026-03-02\nBáo cáo chỉ số năm 2025 được công bố ngày 25/2, tỉnh xếp thứ 9.\n\
                Hội nghị tổng kết đã họp ngày 28/12.";
    assert_eq!(fig(text, "25/2").date.as_deref(), Some("2026-02-25"));
    assert_eq!(fig(text, "28/12").date.as_deref(), Some("2025-12-28"));
}

#[test]
fn bare_list_items_of_a_text_that_only_sets_goals_are_goals() {
    let text = "2. Hạ tầng số\n\
                - Tỷ lệ hộ gia đình có cáp quang: 85%.\n\
                - Số trạm BTS dùng chung: 30%.\n\
                3. Dữ liệu số\n\
                - Phấn đấu mỗi xã có 01 kho dữ liệu dùng chung.";
    assert_eq!(fig(text, "85%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "30%").status.as_deref(), Some("target"));
    // A text that states a result anywhere keeps bare items as results.
    let text = "Kết quả đạt được của huyện:\n\
                - Tỷ lệ hộ gia đình có cáp quang: 85%.\n\
                - Số trạm BTS dùng chung: 30%.\n\
                Năm tới, huyện phấn đấu mỗi xã có 01 kho dữ liệu dùng chung.";
    assert_eq!(fig(text, "85%").status.as_deref(), Some("achieved"));
    // Prose figures of a text with one goal stay results.
    let text = "Số hộ bán chè qua mạng của huyện tăng từ 900 hộ lên 1.250 hộ. \
                Huyện đặt mục tiêu trở thành vùng chè hữu cơ.";
    assert_eq!(fig(text, "1.250").status.as_deref(), Some("achieved"));
}

#[test]
fn a_numbered_heading_of_a_plan_dates_its_goals() {
    // "1.1." opening a line does not end a sentence: the heading stays one
    // line of its own and dates the goals under it.
    let text = "Ủy ban nhân dân huyện ban hành kế hoạch năm 2024 như sau:\n\
                I. MỤC TIÊU\n\
                1.1. Mục tiêu cơ bản đến năm 2026\n\
                a) Về chính quyền số của huyện và các xã\n\
                - 100% thủ tục hành chính được cung cấp trực tuyến toàn trình.\n\
                - Có ít nhất 90% văn bản đi của huyện được ký số.";
    assert_eq!(fig(text, "100%").year, Some(2026));
    assert_eq!(fig(text, "90%").year, Some(2026));
}

#[test]
fn the_make_up_of_an_index_is_the_national_index() {
    let text = "Sở Thông tin tỉnh Kon Tum giới thiệu cách đánh giá.\n\
                Bộ chỉ số DTI cấp tỉnh có 6 trụ cột với 52 chỉ số thành phần.";
    assert_eq!(fig(text, "6").place.as_deref(), Some("Việt Nam"));
    assert_eq!(fig(text, "52").place.as_deref(), Some("Việt Nam"));
    // A province named before the count: its own standing.
    let text = "Năm 2024, Kon Tum dẫn đầu ở 2 chỉ số chính của bộ chỉ số DTI.";
    assert_eq!(fig(text, "2").place.as_deref(), Some("Kon Tum"));
    // The parts of a province's own plan are its own.
    let text = "Tỉnh Kon Tum triển khai 3 trụ cột chuyển đổi số trong năm 2024.";
    assert_eq!(fig(text, "3").place.as_deref(), Some("Kon Tum"));
}

#[test]
fn a_ranks_field_after_trong_names_its_indicator() {
    let text = "Năm 2024, tỉnh Sơn La xếp thứ 20 về nhân lực số. \
                Đứng thứ 7 trong an toàn thông tin mạng và thứ 31 trong thể chế số.";
    assert_eq!(
        fig(text, "thứ 7").indicator.as_deref(),
        Some("dti_cybersecurity_rank")
    );
    // The cue of the rank before it in the clause is that rank's.
    assert_eq!(
        fig(text, "thứ 31").indicator.as_deref(),
        Some("dti_digital_institution_rank")
    );
    // "trong 63 tỉnh" is the field's size, no indicator: the one before holds.
    let r = fig(
        "Năm 2024, tỉnh Sơn La xếp thứ 20 trong 63 tỉnh về nhân lực số.",
        "thứ 20 trong 63",
    );
    assert_eq!(
        r.indicator.as_deref(),
        Some("dti_digital_human_resources_rank")
    );
}

#[test]
fn provinces_counted_are_a_national_figure() {
    let r = fig(
        "Top 10 tỉnh dẫn đầu về thanh toán số gồm: Bắc Ninh, Hải Dương và Hưng Yên.",
        "10",
    );
    assert_eq!(r.place.as_deref(), Some("Việt Nam"));
    let r = fig(
        "Báo cáo cho biết 21 địa phương đã hoàn thành kho dữ liệu dùng chung.",
        "21",
    );
    assert_eq!(r.place.as_deref(), Some("Việt Nam"));
    // A sentence naming districts counts districts as its "địa phương".
    let r = fig(
        "Huyện Mai Sơn, huyện Yên Châu và thành phố Sơn La là 3 địa phương dẫn đầu tỉnh.",
        "3",
    );
    assert_ne!(r.place.as_deref(), Some("Việt Nam"));
}

#[test]
fn a_direction_is_no_goal_unless_a_figure_follows() {
    let text = "Các sở đẩy mạnh số hóa theo hướng tới một nền hành chính không giấy, \
                riêng hồ sơ đất đai được số hóa đạt 88%.";
    assert_eq!(fig(text, "88%").status.as_deref(), Some("achieved"));
    let r = fig("Tỉnh hướng tới 100% hồ sơ đất đai được số hóa.", "100%");
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig(
        "Thành phố hướng tới mục tiêu 95% người dân có danh tính số.",
        "95%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
}

#[test]
fn a_change_against_a_years_level_is_of_the_year_after() {
    let text = "Doanh thu của các sàn bán lẻ trực tuyến lớn nhất hiện nay đạt 210 nghìn tỷ đồng, tăng 28% so với năm 2022.";
    assert_eq!(fig(text, "210 nghìn tỷ đồng").year, Some(2023));
    assert_eq!(fig(text, "28%").year, Some(2023));
    // "cùng kỳ năm X", and the latest of two bases.
    let text = "Số giao dịch không dùng tiền mặt của tỉnh tăng 31% so với cùng kỳ năm 2021.";
    assert_eq!(fig(text, "31%").year, Some(2022));
    let text = "Tỉnh đứng thứ 12, lên 9 bậc so với năm 2022 và 15 bậc so với năm 2021.";
    assert_eq!(fig(text, "thứ 12").year, Some(2023));
    assert_eq!(fig(text, "15 bậc").year, Some(2023));
    // A year of its own comes first; the base's value in parentheses is the base's.
    let text = "Năm 2025, chỉ số của tỉnh đạt 0,71, tăng 0,05 so với năm 2023 (0,66).";
    assert_eq!(fig(text, "0,71").year, Some(2025));
    assert_eq!(fig(text, "0,66").year, Some(2023));
    // The sentences after it in its paragraph go on in that year.
    let text = "Tin bán lẻ\nDoanh số các sàn lớn đạt 180 nghìn tỷ đồng, tăng 22% so với năm 2023. \
        Bình quân mỗi ngày, người mua chi chừng 490 tỷ đồng.";
    assert_eq!(fig(text, "490 tỷ đồng").year, Some(2024));
    // "so với năm trước" names no year.
    let text = "Lượng hồ sơ trực tuyến tăng 12% so với năm trước.";
    assert_eq!(fig(text, "12%").year, None);
}

#[test]
fn a_list_of_yearly_values_shares_the_indicator() {
    // The quantity is named by pointing back; the items after the first
    // have only the list to go by.
    let text = "Năm 2020, tỷ lệ hồ sơ trực tuyến của tỉnh chỉ 20%. Sau đó, tỷ lệ này tăng đều: 31% trong năm 2021, 44% năm 2022 và 58% vào năm 2023.";
    for (q, y) in [("31%", 2021), ("44%", 2022), ("58%", 2023)] {
        let r = fig(text, q);
        assert_eq!(
            r.indicator.as_deref(),
            Some("online_public_service_dossier_rate"),
            "{q}"
        );
        assert_eq!(r.year, Some(y), "{q}");
    }
    // A year in the gap that is not the item's ("… 31% và đến năm 2023 là …")
    // still ends the list.
    let text =
        "Tỷ lệ hồ sơ trực tuyến đạt 31%, dự kiến năm sau có 120 cán bộ được tập huấn thêm 15%.";
    assert_eq!(fig(text, "15%").indicator, None);
}

#[test]
fn a_paragraph_about_a_local_unit_ends_the_nations_reach() {
    // A district's plan that names no province: a national cue in one
    // paragraph does not make the later paragraphs national.
    let text = "Huyện xây dựng kế hoạch chuyển đổi số đến năm 2030.\n\
        UBND huyện phấn đấu 100% văn bản được ký số.\n\
        Thực hiện hướng dẫn của các bộ, ngành, 90% cán bộ được tập huấn kỹ năng số.\n\
        Các hợp tác xã trên địa bàn huyện được hỗ trợ đưa sản phẩm lên sàn, 60% có tài khoản thanh toán.\n\
        Về xã hội số, 85% hộ gia đình có Internet cáp quang.";
    assert_eq!(fig(text, "60%").place, None);
    assert_eq!(fig(text, "85%").place, None);
    // With no local paragraph between, the nation still carries.
    let text =
        "Theo Bộ Thông tin và Truyền thông, cả nước đã có 12.000 tổ công nghệ số cộng đồng.\n\
        Về xã hội số, 79% hộ gia đình có Internet cáp quang.";
    assert_eq!(fig(text, "79%").place.as_deref(), Some("Việt Nam"));
}

#[test]
fn provinces_named_together_lend_no_place_to_what_follows() {
    // Two provinces named together in an earlier paragraph: the figures
    // after it are the nation's the passage speaks of, not the last name's.
    let text = "Theo Bộ Nội vụ, cả nước đã sắp xếp xong bộ máy cấp xã trong năm 2025.\n\n\
        Đến nay, 30/34 địa phương đã mở trung tâm phục vụ hành chính công cấp xã; Đà Nẵng và Cần Thơ giữ mô hình một cấp.\n\n\
        Mỗi trung tâm cấp xã có bình quân 7 nhân sự chuyên trách.";
    assert_eq!(fig(text, "7").place.as_deref(), Some("Việt Nam"));
    // The same inside one paragraph.
    let text = "Theo Bộ Nội vụ, cả nước đã sắp xếp xong bộ máy cấp xã trong năm 2025. \
        Nghệ An và Thanh Hóa là hai tỉnh có nhiều xã nhất. \
        Mỗi trung tâm cấp xã có bình quân 7 nhân sự chuyên trách.";
    assert_eq!(fig(text, "7").place.as_deref(), Some("Việt Nam"));
    // One province named before still lends its name.
    let text = "Năm 2025, Nghệ An hoàn thành sắp xếp bộ máy cấp xã.\n\n\
        Mỗi trung tâm cấp xã có bình quân 7 nhân sự chuyên trách.";
    assert_eq!(fig(text, "7").place.as_deref(), Some("Nghệ An"));
}

#[test]
fn the_parts_of_an_index_named_earlier_in_the_paragraph_are_national() {
    let text = "Năm 2024, tỉnh Lào Cai tăng 6 bậc.\n\
        Bộ chỉ số DTI cấp tỉnh có 3 trụ cột và 10 chỉ số chính. Trong đó, 10 chỉ số chính lại được chia thành 2 nhóm để chấm điểm.";
    for q in ["3", "2"] {
        assert_eq!(fig(text, q).place.as_deref(), Some("Việt Nam"), "{q}");
    }
    // A province's own work on every pillar is the province's.
    let text = "Năm 2024, tỉnh Lào Cai tăng 6 bậc trong Chỉ số DTI. UBND tỉnh tiếp tục triển khai đồng bộ trên cả 3 trụ cột.";
    assert_eq!(fig(text, "3").place.as_deref(), Some("Lào Cai"));
    // A province named on the way keeps the parts its own.
    let text =
        "Chỉ số DTI năm 2024 của Lào Cai đạt 0,61 điểm. Ở cả 3 trụ cột, Lào Cai đều tăng hạng.";
    assert_eq!(fig(text, "3").place.as_deref(), Some("Lào Cai"));
}

#[test]
fn the_number_of_a_meeting_is_no_rank() {
    no_fig(
        "Hôm qua, Ban chỉ đạo chuyển đổi số của tỉnh tổ chức phiên họp thứ 5.",
        "thứ 5",
    );
    no_fig("Tại cuộc họp thứ 3 trong năm, sở báo cáo tiến độ.", "thứ 3");
    no_fig("Đợt thứ 2 của chiến dịch bắt đầu vào tháng 10.", "thứ 2");
    assert_eq!(
        fig("Tỉnh xếp thứ 5 về chuyển đổi số.", "thứ 5").kind,
        "rank"
    );
}

#[test]
fn an_article_about_a_market_names_its_size_and_growth() {
    let text = "Thương mại điện tử Việt Nam bứt tốc\n\
        Theo một báo cáo mới, thương mại điện tử trong nước giữ đà tăng mạnh.\n\
        Quy mô thị trường năm 2023 chạm 20,5 tỷ USD.\n\
        Tốc độ tăng trưởng của năm đó vào khoảng 25%.\n\
        Trong đó, sàn Lotus tăng trưởng 40%, nâng thị phần lên 12%.";
    for q in ["20,5 tỷ USD", "25%"] {
        assert_eq!(
            fig(text, q).indicator.as_deref(),
            Some("ecommerce_revenue"),
            "{q}"
        );
    }
    // A platform's growth and a market share are not the market's.
    assert_eq!(fig(text, "40%").indicator, None);
    assert_eq!(fig(text, "12%").indicator, None);
    // In an article about something else, "quy mô" names nothing.
    let text = "Tỉnh mở rộng mạng cáp quang\n\
        Năm 2024, tỉnh đầu tư thêm hạ tầng viễn thông.\n\
        Quy mô dự án lên tới 120 tỷ đồng.\n\
        Tốc độ tăng trưởng kinh tế của tỉnh đạt 7%.";
    assert_eq!(fig(text, "120 tỷ đồng").indicator, None);
    assert_eq!(fig(text, "7%").indicator, None);
}

#[test]
fn a_goal_met_is_a_result() {
    let r = fig(
        "Đồng thời, tỉnh hoàn thành chỉ tiêu 95% hồ sơ được số hóa.",
        "95%",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
    // The goal's value that was passed is the goal's.
    let r = fig(
        "Tỷ lệ hồ sơ trực tuyến đạt 71%, vượt chỉ tiêu được giao (55%).",
        "55%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    // Goals passed, with no number: the figures after are results.
    let text = "Năm 2025, các chỉ tiêu chính quyền số của huyện đều vượt kế hoạch.\n\
        Tỷ lệ văn bản được ký số đạt 96%.";
    assert_eq!(fig(text, "96%").status.as_deref(), Some("achieved"));
    // A target cue before the verb still sets a goal; so does a goal set.
    let r = fig(
        "Tỉnh phấn đấu hoàn thành chỉ tiêu 95% hồ sơ được số hóa.",
        "95%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    let r = fig(
        "Tỉnh đề ra mục tiêu 80% người dân có tài khoản định danh.",
        "80%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
}

#[test]
fn a_paragraph_opening_at_the_same_time_takes_the_years_before() {
    let text = "Tuyên Quang đẩy mạnh chuyển đổi số\n\
        Tỉnh tiếp tục triển khai nhiều giải pháp đồng bộ về hạ tầng và dữ liệu.\n\
        Về chính quyền số, các sở đã dùng chung một hệ thống điều hành. Trong năm 2024, tỉnh Tuyên Quang tăng 8 bậc về chuyển đổi số.\n\
        Đồng thời, 100% xã đã có tổ công nghệ số cộng đồng hoạt động.";
    assert_eq!(fig(text, "100%").year, Some(2024));
    // "Bên cạnh đó" (besides) brings in another matter, not the time.
    let text = "Tuyên Quang đẩy mạnh chuyển đổi số\n\
        Tỉnh tiếp tục triển khai nhiều giải pháp đồng bộ về hạ tầng và dữ liệu.\n\
        Về chính quyền số, các sở đã dùng chung một hệ thống điều hành. Trong năm 2024, tỉnh Tuyên Quang tăng 8 bậc về chuyển đổi số.\n\
        Bên cạnh đó, 100% xã đã có tổ công nghệ số cộng đồng hoạt động.";
    assert_eq!(fig(text, "100%").year, None);
}

#[test]
fn a_year_in_parentheses_dates_only_its_aside() {
    let text = "Tỉnh Hà Nam có nhiều chuyển biến\n\
        Các ngành tích cực ứng dụng công nghệ số. Kinh tế số đóng góp ngày càng lớn (năm 2021 chiếm khoảng 5,1% GRDP). \
        Mạng băng rộng cố định đã phủ đến 85% khu vực dân cư.";
    assert_eq!(fig(text, "5,1%").year, Some(2021));
    assert_eq!(fig(text, "85%").year, None);
    // Outside parentheses the year still governs the next sentence.
    let text = "Tỉnh Hà Nam có nhiều chuyển biến\n\
        Các ngành tích cực ứng dụng công nghệ số. Năm 2021, kinh tế số chiếm khoảng 5,1% GRDP. \
        Mạng băng rộng cố định đã phủ đến 85% khu vực dân cư.";
    assert_eq!(fig(text, "85%").year, Some(2021));
}

#[test]
fn an_average_over_the_provinces_is_national() {
    let text =
        "Năm 2024, Kon Tum xếp thứ 40, Gia Lai xếp thứ 45. Giá trị trung bình cấp tỉnh là 0,6510.";
    assert_eq!(fig(text, "0,6510").place.as_deref(), Some("Việt Nam"));
    let text = "Năm 2024, Kon Tum đạt 0,61 điểm, cao hơn mức bình quân các tỉnh là 0,58 điểm.";
    assert_eq!(fig(text, "0,61 điểm").place.as_deref(), Some("Kon Tum"));
}

#[test]
fn a_goal_in_parentheses_carries_over_nothing() {
    let text = "Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 64% (kế hoạch giao là 60%). \
        Tỷ lệ hồ sơ thanh toán trực tuyến phí, lệ phí đạt 47%.";
    assert_eq!(fig(text, "60%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "47%").status.as_deref(), Some("achieved"));
}

#[test]
fn who_assigns_a_goal_is_no_scope() {
    let text = "Sở Thông tin và Truyền thông Quảng Trị tổng kết năm.\n\
        Tỷ lệ hồ sơ trực tuyến đạt 66%, vượt chỉ tiêu Trung ương giao.\n\
        Tỷ lệ thanh toán trực tuyến đạt 41%.";
    assert_eq!(fig(text, "66%").place.as_deref(), Some("Quảng Trị"));
    assert_eq!(fig(text, "41%").place.as_deref(), Some("Quảng Trị"));
}

#[test]
fn a_heading_of_tasks_sets_out_goals() {
    let text = "Báo cáo chuyển đổi số\n\
        1. Kết quả năm 2024\n\
        Tỷ lệ văn bản ký số đạt 88%.\n\
        2. Nhiệm vụ năm 2025\n\
        Nâng tỷ lệ văn bản ký số lên 95%.";
    let r = fig(text, "95%");
    assert_eq!((r.status.as_deref(), r.year), (Some("target"), Some(2025)));
    // In a sentence "nhiệm vụ" counts tasks.
    let r = fig(
        "Năm 2024, huyện hoàn thành 14 nhiệm vụ chuyển đổi số.",
        "14",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
}

#[test]
fn a_provinces_place_in_an_index_article_is_the_index_rank() {
    let text = "Công bố Chỉ số DTI năm 2024 của các địa phương\n\
        Năm 2024, Bình Định đứng thứ 14, tăng 5 bậc so với năm trước.";
    assert_eq!(fig(text, "thứ 14").indicator.as_deref(), Some("dti_rank"));
    // A rank in another field stays unlabelled.
    let text = "Công bố Chỉ số DTI năm 2024 của các địa phương\n\
        Về cổng dịch vụ công, Bình Định xếp thứ 4 trong nhóm các tỉnh miền Trung.";
    assert_eq!(fig(text, "thứ 4").indicator, None);
}

#[test]
fn a_compared_figure_shares_the_quantity_and_keeps_its_year() {
    let text = "Kinh tế số của tỉnh\n\
        Trong năm 2025, tỷ trọng kinh tế số trong GRDP ước đạt 11,4%, cao hơn mức 9,8% của năm 2024.";
    let r = fig(text, "9,8%");
    assert_eq!(r.indicator.as_deref(), Some("digital_economy_gdp_share"));
    assert_eq!(r.year, Some(2024));
    assert_eq!(fig(text, "11,4%").year, Some(2025));
    let text = "Dịch vụ công của tỉnh\n\
        Về dịch vụ công, tỷ lệ hồ sơ trực tuyến của tỉnh năm 2025 đạt 71%, trong khi năm 2024 chỉ khoảng 52%.";
    let r = fig(text, "52%");
    assert_eq!(
        r.indicator.as_deref(),
        Some("online_public_service_dossier_rate")
    );
    assert_eq!(r.year, Some(2024));
    // A base said with its value is no year of the sentence.
    let text = "An toàn thông tin của tỉnh\n\
        Tin tặc tấn công ít hơn. Đến nay, 100% hệ thống được giám sát, tăng mạnh so với mức 64% của năm 2022.";
    assert_eq!(fig(text, "100%").year, None);
    assert_eq!(fig(text, "64%").year, Some(2022));
}

#[test]
fn a_fraction_ending_its_clause_counts_a_part_of_a_whole() {
    let r = fig("Số thôn có điểm Wi-Fi miễn phí đạt 312/340.", "312/340");
    assert_eq!(
        (r.kind.as_str(), r.value, r.denominator),
        ("count", Some(312.0), Some(340.0))
    );
    let r = fig(
        "Số thủ tục có phát sinh hồ sơ là 95/120 (gồm 60 thủ tục toàn trình).",
        "95/120",
    );
    assert_eq!(r.denominator, Some(120.0));
    // Not a day and month ("là 11/10"): a part is no larger than its whole.
    let all = records("Buổi họp tiếp theo là 11/10.");
    assert!(all.iter().all(|r| r.kind != "count"), "{all:?}");
}

#[test]
fn a_multiple_of_a_years_level_is_of_the_year_after() {
    let text =
        "Y tế số của tỉnh\nTỷ lệ người dân có hồ sơ sức khỏe điện tử đạt 64%, gấp 2 lần năm 2022.";
    for q in ["64%", "2 lần"] {
        let r = fig(text, q);
        assert_eq!(r.year, Some(2023), "{q}");
        assert_eq!(
            r.indicator.as_deref(),
            Some("electronic_health_record_rate"),
            "{q}"
        );
    }
}

#[test]
fn the_nations_figure_beside_a_provinces_is_national() {
    let text = "Tin Sóc Trăng\nTỷ lệ hộ có cáp quang của Sóc Trăng đạt 61%, thấp hơn bình quân cả nước (74,5%).";
    assert_eq!(fig(text, "61%").place.as_deref(), Some("Sóc Trăng"));
    assert_eq!(fig(text, "74,5%").place.as_deref(), Some("Việt Nam"));
    let text =
        "Tin Sóc Trăng\nTỷ lệ hồ sơ trực tuyến của Sóc Trăng đạt 58%, trong khi toàn quốc là 49%.";
    assert_eq!(fig(text, "49%").place.as_deref(), Some("Việt Nam"));
}

#[test]
fn a_named_day_hides_only_its_own_date() {
    let head = "Tin tỉnh\nThứ Ba, 07/10/2025 08:00\n";
    let text = format!(
        "{head}Nhân Ngày Chuyển đổi số quốc gia 10/10, chiều 8/10, tỉnh ra mắt ứng dụng mới."
    );
    no_fig(&text, "10/10");
    assert_eq!(fig(&text, "8/10").date.as_deref(), Some("2025-10-08"));
    let text = format!("{head}Ngày hội công nghệ sẽ mở cửa đến hết ngày 12/10.");
    assert_eq!(fig(&text, "12/10").date.as_deref(), Some("2025-10-12"));
}

#[test]
fn a_tables_goal_and_result_columns_say_their_status() {
    let text = "Kết quả các chỉ tiêu chuyển đổi số năm 2025 của tỉnh Hưng Yên\n\n\
        | Chỉ tiêu | Kế hoạch 2025 | Thực hiện 2025 |\n\
        |---|---|---|\n\
        | Tỷ lệ hồ sơ trực tuyến | 55% | 63,8% |\n\
        | Tỷ lệ văn bản ký số | 92% | 97,1% |\n\
        | Tỷ lệ hộ gia đình có cáp quang | 85% | 88,6% |\n";
    for (q, st) in [
        ("55%", "target"),
        ("63,8%", "achieved"),
        ("92%", "target"),
        ("97,1%", "achieved"),
    ] {
        let r = fig(text, q);
        assert_eq!(r.status.as_deref(), Some(st), "{q}");
        assert_eq!(r.year, Some(2025), "{q}");
    }
    let r = fig(text, "88,6%");
    assert_eq!(
        r.indicator.as_deref(),
        Some("fiber_broadband_household_rate")
    );
}

#[test]
fn a_title_with_a_figure_still_dates_the_article() {
    let text = "Bắc Giang hoàn thành 18/21 chỉ tiêu chuyển đổi số năm 2025\n\
        Tỷ lệ văn bản được ký số đạt 97%. Tỷ lệ hồ sơ trực tuyến đạt 58%, chưa đạt chỉ tiêu 65%.";
    assert_eq!(fig(text, "97%").year, Some(2025));
    let r = fig(text, "65%");
    assert_eq!((r.status.as_deref(), r.year), (Some("target"), Some(2025)));
    // A first line that is a dated lead is no title.
    let text = "Ngày 3/10, tỉnh tổ chức ngày hội “Chuyển đổi số năm 2025”.\n\
        Thời gian qua, 100% xã đã có tổ công nghệ số cộng đồng.";
    assert_eq!(fig(text, "100%").year, None);
}

#[test]
fn a_place_said_right_after_the_figure_is_its_own() {
    let text =
        "Tin miền núi\nNăm 2024, kinh tế số chiếm 8,5% GRDP của Lào Cai và 6,1% GRDP của Hà Giang.";
    assert_eq!(fig(text, "8,5%").place.as_deref(), Some("Lào Cai"));
    assert_eq!(fig(text, "6,1%").place.as_deref(), Some("Hà Giang"));
    let text = "Tin miền núi\nNăm 2024, Lào Cai đạt 57% hồ sơ trực tuyến, cao hơn mức 44% của tỉnh Hà Giang.";
    assert_eq!(fig(text, "57%").place.as_deref(), Some("Lào Cai"));
    assert_eq!(fig(text, "44%").place.as_deref(), Some("Hà Giang"));
}

#[test]
fn a_span_of_years_is_no_one_year() {
    let text = "Giáo dục số\nNgày 5/3/2024, sở công bố kết quả. \
        Trong năm học 2024 – 2025, thành phố mở rộng học bạ số tới 96.000 học sinh.";
    assert_eq!(fig(text, "96.000").year, None);
    // A goal said before does not carry over a sentence that names its own span.
    let text = "Giáo dục số\nTheo kế hoạch, 100% trường tiểu học dùng học bạ số. \
        Trong năm học 2024 – 2025, huyện đã áp dụng cho 4.100 học sinh.";
    assert_eq!(fig(text, "4.100").status.as_deref(), Some("achieved"));
}

#[test]
fn a_goal_after_a_result_of_its_sentence_carries_over_nothing() {
    let text = "Tin tỉnh\nTỷ lệ hồ sơ trực tuyến đạt 51,2%, chưa đạt chỉ tiêu 60%.\n\n\
        Tỷ lệ văn bản điện tử đạt 98%, trong đó văn bản ký số đạt 95%.";
    assert_eq!(fig(text, "60%").status.as_deref(), Some("target"));
    assert_eq!(fig(text, "98%").status.as_deref(), Some("achieved"));
}

#[test]
fn a_title_of_results_and_goals_dates_each_by_its_year() {
    let text = "Kết quả chuyển đổi số năm 2025, phương hướng, nhiệm vụ năm 2026\n\
        Tỷ lệ hồ sơ trực tuyến đạt 67%. Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%.";
    let r = fig(text, "67%");
    assert_eq!(
        (r.status.as_deref(), r.year),
        (Some("achieved"), Some(2025))
    );
    let r = fig(text, "80%");
    assert_eq!((r.status.as_deref(), r.year), (Some("target"), Some(2026)));
}

#[test]
fn a_provinces_ranking_of_its_districts_is_no_index_rank() {
    let text = "Công bố Chỉ số DTI năm 2024\n\
        Trong bảng xếp hạng các huyện của Nghệ An, huyện Diễn Châu đứng thứ 2.";
    assert_eq!(fig(text, "thứ 2").indicator, None);
}

#[test]
fn points_of_visits_and_meetings_are_places() {
    let text = "Tin huyện\nHuyện đã có 31 điểm tham quan và 9 điểm sinh hoạt cộng đồng phủ Wi-Fi.";
    for q in ["31 điểm", "9 điểm"] {
        assert_eq!(fig(text, q).kind, "count", "{q}");
    }
}

#[test]
fn a_day_without_its_year_is_the_last_before_the_dateline() {
    let text = "Tổng kết năm\nThứ Hai, 12/01/2026\n\
        Tại hội nghị sáng 9/01, sở cho biết năm 2025 tỉnh hoàn thành 18 chỉ tiêu.";
    assert_eq!(fig(text, "9/01").date.as_deref(), Some("2026-01-09"));
    // A day later in the year than the dateline is last year's.
    let text = "Tổng kết năm\nThứ Hai, 12/01/2026\nNgày 28/12, tỉnh khai trương trung tâm dữ liệu.";
    assert_eq!(fig(text, "28/12").date.as_deref(), Some("2025-12-28"));
}

#[test]
fn a_goal_beside_a_result_is_the_same_quantitys() {
    let text = "Tin tỉnh\nTỷ lệ văn bản ký số đạt 93,2% (kế hoạch 90%).";
    assert_eq!(
        fig(text, "90%").indicator.as_deref(),
        fig(text, "93,2%").indicator.as_deref()
    );
    assert!(fig(text, "90%").indicator.is_some());
    let text = "Tin tỉnh\nTỷ lệ hồ sơ trực tuyến đạt 47%, chưa đạt mục tiêu 60%.";
    assert_eq!(
        fig(text, "60%").indicator.as_deref(),
        Some("online_public_service_dossier_rate")
    );
}

#[test]
fn the_place_a_release_is_signed_in_is_no_place_of_its_figures() {
    let text = "Thông cáo báo chí\nĐà Nẵng, ngày 4 tháng 11 năm 2025\n\
        Trong quý III, giao dịch qua ứng dụng di động tăng 41,2% về số lượng.";
    assert_eq!(fig(text, "41,2%").place, None);
    // A province named in the body still counts.
    let text = "Thông cáo báo chí\nĐà Nẵng, ngày 4 tháng 11 năm 2025\n\
        Trong quý III, tại Đà Nẵng giao dịch qua ứng dụng di động tăng 41,2%.";
    assert_eq!(fig(text, "41,2%").place.as_deref(), Some("Đà Nẵng"));
}

#[test]
fn a_predicate_after_the_last_item_names_the_items_before() {
    let text = "Tin tỉnh\nNăm 2025, 100% sở, ngành và 28/28 xã được kết nối mạng truyền số liệu chuyên dùng.";
    for q in ["100%", "28/28"] {
        assert_eq!(
            fig(text, q).indicator.as_deref(),
            Some("specialized_data_network_connection_rate"),
            "{q}"
        );
    }
    // An item with a verb of its own keeps its own words.
    let text = "Tin tỉnh\nNăm 2025, 100% sở đã họp trực tuyến và 28/28 xã được kết nối mạng truyền số liệu chuyên dùng.";
    assert_eq!(fig(text, "100%").indicator, None);
}

#[test]
fn what_must_be_had_is_a_goal() {
    let r = fig(
        "Tin tỉnh\nĐến ngày 31/12/2026, 100% xã phải có bộ phận một cửa điện tử.",
        "100%",
    );
    assert_eq!(r.status.as_deref(), Some("target"));
    // A request reported is no goal ("đề nghị … hủy 10.163 …" was done).
    let r = fig(
        "Tin tỉnh\nNăm 2025, sở đã đề nghị hủy 2.140 bản ghi trùng lặp.",
        "2.140",
    );
    assert_eq!(r.status.as_deref(), Some("achieved"));
}

#[test]
fn one_of_the_leading_group_is_a_rank_when_its_clause_says_so() {
    let r = fig(
        "Tin tỉnh\nNăm 2024, tỉnh là 1 trong 10 địa phương có tỷ lệ hồ sơ trực tuyến cao nhất.",
        "10",
    );
    assert_eq!((r.kind.as_str(), r.qualifier.as_str()), ("rank", "at_most"));
    // "nhất" in another clause does not make the group a leading one.
    let r = fig("Tin tỉnh\nNăm 2024, tỉnh là 1 trong 10 địa phương được chọn thí điểm, với mức hỗ trợ cao nhất.", "10");
    assert_eq!(r.kind, "count");
}

#[test]
fn the_from_value_of_a_change_is_the_year_before() {
    let text = "Tin tỉnh\nNăm 2025, chỉ số chính quyền số của tỉnh tụt 3 bậc (từ 4 xuống 7).";
    assert_eq!(fig(text, "4").year, Some(2024));
    assert_eq!(fig(text, "7").year, Some(2025));
    let text = "Tin tỉnh\nNăm 2025, tỷ lệ người dùng điện thoại thông minh tăng từ 81% lên 88,5%.";
    assert_eq!(fig(text, "81%").year, Some(2024));
    // A from-value with its own year keeps it.
    let text = "Tin tỉnh\nTỷ lệ hồ sơ trực tuyến tăng từ 40% năm 2022 lên 66% năm 2025.";
    assert_eq!(fig(text, "40%").year, Some(2022));
}

#[test]
fn a_bare_number_whose_share_follows_is_counted() {
    let text = "Tin tỉnh\nNăm 2025, sở tiếp nhận 8.420 hồ sơ, đã giải quyết 7.911, chiếm 94%.";
    let r = fig(text, "7.911");
    assert_eq!((r.kind.as_str(), r.value), ("count", Some(7911.0)));
    // A year before the comma is no count.
    let all = records("Tin tỉnh\nKết quả năm 2025, chiếm phần lớn là hồ sơ đất đai.");
    assert!(all.iter().all(|r| r.kind != "count"), "{all:?}");
}

#[test]
fn a_range_may_carry_a_qualifier_at_either_end() {
    let text =
        "Tin chỉ số\nNăm 2025, bốn tỉnh có giá trị DTI từ khoảng 0,55 đến gần 0,6 là A, B, C và D.";
    let r = fig(text, "0,55 đến gần 0,6");
    assert_eq!(
        (r.kind.as_str(), r.value, r.value_max),
        ("score", Some(0.55), Some(0.6))
    );
    let r = fig(
        "Tin tỉnh\nTỷ lệ này dao động từ khoảng 60 đến 70%.",
        "60 đến 70%",
    );
    assert_eq!((r.value, r.value_max), (Some(60.0), Some(70.0)));
}
