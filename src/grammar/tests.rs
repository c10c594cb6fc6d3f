//! The grammar's unit tests: sentences through [`super::hits`], checked for
//! the figures' text, kind, value, bounds and qualifier, the forms that are
//! not figures, and the changes.

use super::*;
use crate::token::tokenize;
use std::sync::LazyLock;

static LEX: LazyLock<Lexicon> =
    LazyLock::new(|| crate::rules::Catalog::embedded().expect("patterns").lexicon);

type Found = (
    String,
    Kind,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    &'static str,
);

fn find(s: &str) -> Vec<Found> {
    let lex = &LEX;
    let t = crate::normalize::normalize_str(s);
    let toks = tokenize(&t.s, 0, t.s.len());
    hits(&t.s, &toks, lex)
        .into_iter()
        .map(|h| {
            (
                t.s[h.start..h.end].to_string(),
                h.kind,
                h.value,
                h.value_max,
                h.denominator,
                h.qualifier,
            )
        })
        .collect()
}

fn one(s: &str) -> Found {
    let v = find(s);
    assert_eq!(v.len(), 1, "{s}: {v:?}");
    v.into_iter().next().unwrap()
}

#[test]
fn percents_and_ranges() {
    assert_eq!(one("tỷ lệ đạt 63,5% năm nay").2, Some(63.5));
    assert_eq!(one("đạt 30 % chỉ tiêu").0, "30 %");
    assert_eq!(one("đạt 30 phần trăm").1, Kind::Percent);
    let r = one("đạt từ 65-70% dân số");
    assert_eq!((r.2, r.3, r.5), (Some(65.0), Some(70.0), "exact"));
    let r = one("chiếm từ 55 đến 60% vốn đầu tư");
    assert_eq!(
        (r.0.as_str(), r.2, r.3),
        ("55 đến 60%", Some(55.0), Some(60.0))
    );
    let r = one("từ 3 tới 5 doanh nghiệp mỗi xã");
    assert_eq!((r.1, r.2, r.3), (Kind::Count, Some(3.0), Some(5.0)));
    // Not ranges: a date's day, a span of years.
    assert!(find("từ 2021 đến 2025 tỉnh làm tốt").is_empty());
    assert_eq!(one("nghỉ từ 20 đến 25/12 năm nay").1, Kind::Date);
    // Dotted and ISO dates.
    assert_eq!(
        one("ngày 15.3.2024 Sở tổ chức tập huấn cho toàn bộ cán bộ các xã trong tỉnh").0,
        "15.3.2024"
    );
    assert_eq!(one("từ 2024-03-20 hệ thống chạy").0, "2024-03-20");
    assert!(find("phiên bản 15.3.2024 lỗi").is_empty());
    let r = one("khoảng 7,8- 8% GRDP");
    assert_eq!(
        (r.0.as_str(), r.2, r.3, r.5),
        ("7,8- 8%", Some(7.8), Some(8.0), "approx")
    );
    assert_eq!(one("đạt từ 30 % trở lên").5, "at_least");
}

#[test]
fn counts_money_and_scales() {
    let r = one("tiếp nhận 22.847 thông tin khai báo");
    assert_eq!((r.1, r.2), (Kind::Count, Some(22847.0)));
    let r = one("cho hơn 1,68 triệu thông tin");
    assert_eq!(
        (r.0.as_str(), r.2, r.5),
        ("1,68 triệu", Some(1_680_000.0), "more_than")
    );
    let r = one("bổ sung gần 18 tỷ đồng cho nhiệm vụ");
    assert_eq!((r.1, r.2, r.5), (Kind::Money, Some(18e9), "approx"));
    assert_eq!(one("đạt 20,5 tỷ USD").2, Some(20.5e9));
    assert_eq!(one("gói 3 nghìn tỷ đồng").2, Some(3e12));
    assert_eq!(one("cung cấp gần 4,4 nghìn dịch vụ").2, Some(4400.0));
    let r = one("tương ứng 47.500/579.000 người");
    assert_eq!((r.2, r.4), (Some(47500.0), Some(579000.0)));
    let r = one("có 78 thuê bao di động/100 dân");
    assert_eq!(
        (r.0.as_str(), r.4),
        ("78 thuê bao di động/100 dân", Some(100.0))
    );
    // English-style numbers: a comma before three digits groups
    // thousands in a count or an amount; a dot before a scale word is a
    // decimal point.
    assert_eq!(one("có 5,000 doanh nghiệp tham gia").2, Some(5000.0));
    assert_eq!(one("phí 1,250 đồng mỗi tin").2, Some(1250.0));
    assert_eq!(one("tỷ lệ đạt 12,500% kế hoạch").2, Some(12.5));
    assert_eq!(one("còn 0,500 doanh nghiệp").2, Some(0.5));
    assert_eq!(one("thu về 10.5 triệu USD").2, Some(10.5e6));
    assert!(find("nền tảng 4.0 được dùng").is_empty());
    // Compound scales and the short "tr".
    let r = one("có 3 triệu 200 nghìn người dùng");
    assert_eq!((r.0.as_str(), r.2), ("3 triệu 200 nghìn", Some(3.2e6)));
    let r = one("giá trị bằng 1,5 lần GRDP của tỉnh");
    assert_eq!(
        (r.0.as_str(), r.1, r.2),
        ("1,5 lần", Kind::Multiplier, Some(1.5))
    );
    assert_eq!(one("đã 3 lần tái cấu trúc bộ máy").1, Kind::Count);
    let r = one("chi 300 tr đồng cho xã");
    assert_eq!((r.1, r.2), (Kind::Money, Some(3e8)));
    assert!(find("đọc 300 tr sách").iter().all(|r| r.2 == Some(300.0)));
    // Digit groups are a phone number, unless the first is a year.
    assert!(find("gọi tổng đài 1900 1234 luôn sẵn sàng").is_empty());
    assert_eq!(one("năm 2023 120 doanh nghiệp tham gia").2, Some(120.0));
}

#[test]
fn ranks_scores_multipliers() {
    assert_eq!(one("tỉnh đứng thứ 51 trên toàn quốc").0, "thứ 51");
    let r = one("thể chế số xếp hạng 57/63; tốt");
    assert_eq!((r.1, r.2, r.4), (Kind::Rank, Some(57.0), Some(63.0)));
    let r = one("phấn đấu trong nhóm 30/63 tỉnh");
    assert_eq!((r.1, r.5), (Kind::Rank, "at_most"));
    let r = one("đạt 0,3982/500 điểm");
    assert_eq!((r.1, r.2, r.4), (Kind::Score, Some(0.3982), Some(500.0)));
    let r = one("dịch vụ (gấp 3 lần năm 2021)");
    assert_eq!((r.0.as_str(), r.1), ("3 lần", Kind::Multiplier));
    assert_eq!(one("tăng hơn 7,3 lần").5, "more_than");
    assert_eq!(one("vào Top 10 tỉnh").0, "Top 10");
    let v = find("lần lượt xếp thứ 2 và 3 cả nước");
    assert_eq!(v.len(), 2);
    assert_eq!(v[1].0, "3");
}

#[test]
fn dates() {
    assert_eq!(
        one("văn bản ban hành ngày 21 tháng 9 năm 2019 của Bộ").0,
        "21 tháng 9 năm 2019"
    );
    assert_eq!(
        one("Kế hoạch được UBND thành phố ký ngày 13-4-2022 để triển khai").1,
        Kind::Date
    );
    assert_eq!(one("tính đến cuối tháng 1-2024 thì có").0, "tháng 1-2024");
    assert_eq!(find("từ tháng 8-2021 đến 8-2022 thì tăng").len(), 2);
    assert_eq!(one("Sáng 16/7, Sở tổ chức hội thảo lớn").0, "16/7");
    assert_eq!(
        one("Hội thảo diễn ra chiều nay (19/10) tại Hà Nội").0,
        "19/10"
    );
}

#[test]
fn not_figures() {
    for s in [
        "Quyết định số 749/QĐ-TTg của Thủ tướng",
        "theo Kế hoạch 04-NQ/TU của Tỉnh ủy",
        "Số: 324/KH-UBND ký",
        "thực hiện Đề án 06 trên địa bàn",
        "phủ sóng 4G và 5G toàn tỉnh",
        "cách mạng công nghiệp 4.0 đang tới",
        "dịch vụ công mức độ 3, 4 cho người dân",
        "giai đoạn 2021-2025 của tỉnh",
        "năm 2022 là năm bản lề",
        "sơ kết 01 năm triển khai",
        "6 tháng đầu năm tỉnh làm tốt",
        "là 1 trong những tỉnh dẫn đầu",
        "lúc 08:40 sáng nay",
        "xem tại https://dichvucong.gov.vn/p/123 nhé",
        "người từ 15 tuổi trở lên",
        "có năm thứ 3 liên tiếp dẫn đầu",
        "1. Đẩy mạnh truyền thông",
        "Bộ đếm 10,109,157",
    ] {
        assert!(find(s).is_empty(), "{s}: {:?}", find(s));
    }
}

#[test]
fn more_grammar_cases() {
    let r = one("sản lượng đạt 59-62 triệu sản phẩm");
    assert_eq!(
        (r.0.as_str(), r.2, r.3),
        ("59-62 triệu", Some(59e6), Some(62e6))
    );
    assert_eq!(one("đạt tối đa 15% dân số").5, "at_most");
    assert_eq!(one("chi phí không quá 20% ngân sách").5, "at_most");
    assert_eq!(one("quy mô dưới 50 người lao động").5, "less_than");
    assert_eq!(one("có ít nhất 12 doanh nghiệp").5, "at_least");
    assert_eq!(one("vượt 5% kế hoạch").5, "more_than");
    let r = one("giá trị 500.000 VNĐ mỗi tháng");
    assert_eq!((r.1, r.2), (Kind::Money, Some(500000.0)));
    assert_eq!(one("nguồn vốn 2 triệu tỷ đồng").2, Some(2e15));
    assert_eq!(one("thu nhận đến ngày 15/12/2022 xong").0, "15/12/2022");
    let r = one("Hoàn thành 19/20 chỉ tiêu đề ra");
    assert_eq!((r.1, r.2, r.4), (Kind::Count, Some(19.0), Some(20.0)));
    let r = one("xếp hạng 62/63 cả nước");
    assert_eq!((r.1, r.4), (Kind::Rank, Some(63.0)));
    assert_eq!(one("tăng 43% so với năm 2021").1, Kind::Percent);
    assert_eq!(one("gần 4,4 nghìn dịch vụ").5, "approx");
    assert_eq!(one("tổng cộng 1.142.929 thẻ").2, Some(1142929.0));
    assert_eq!(one("ước đạt hơn 90% dân số").5, "more_than");
    assert_eq!(one("tăng 1,2 điểm phần trăm").1, Kind::Percent);
}

#[test]
fn identifiers_split_across_lines_are_not_figures() {
    assert!(find("theo Kế hoạch Số:\n324/KH-UBND của tỉnh").is_empty());
    assert!(find("thực hiện Đề án\n06 của Chính phủ").is_empty());
    assert!(find("theo Quyết định số 749/\nQĐ-TTg")
        .iter()
        .all(|h| h.1 != Kind::Count));
}

#[test]
fn datelines_are_not_figures() {
    assert!(find("14/05/2021 17:05 230 lượt xem").is_empty());
    assert!(find("Thứ tư, 08/09/2021").is_empty());
    assert!(find("Cà Mau, ngày 3 tháng 4 năm 2021 |").is_empty());
}

#[test]
fn changes() {
    let lex = &*LEX;
    let s = "số lệnh chuyển tiền tăng hơn 28 % và giá trị tăng hơn 17 %, rút tiền mặt giảm 2,4% so với cùng kỳ";
    let toks = tokenize(s, 0, s.len());
    let h = hits(s, &toks, lex);
    let ch: Vec<_> = h.iter().map(|h| h.change).collect();
    assert_eq!(
        ch,
        vec![Some("increase"), Some("increase"), Some("decrease")]
    );
    // A level reached is no change.
    let s = "hồ sơ trễ hạn giảm còn 1,2%, trực tuyến tăng lên 45%, tăng thêm 3%";
    let toks = tokenize(s, 0, s.len());
    let ch: Vec<_> = hits(s, &toks, lex).iter().map(|h| h.change).collect();
    assert_eq!(ch, vec![None, None, Some("increase")]);
    // The place reached after a climb is no change; a second climb is.
    let s = "tỉnh tăng 20 bậc, lên vị trí thứ 25 và tăng 3 bậc, 5 bậc về hạ tầng";
    let toks = tokenize(s, 0, s.len());
    let ch: Vec<_> = hits(s, &toks, lex).iter().map(|h| h.change).collect();
    assert_eq!(
        ch,
        vec![Some("increase"), None, Some("increase"), Some("increase")]
    );
}
