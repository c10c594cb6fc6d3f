//! Raw command-line options (clap). Takes the command line; gives the parsed
//! options to `main`; `config` validates those of `extract`, `cmd/` the rest.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// solieu: figures (số liệu) from Vietnamese digital-transformation articles,
/// each with a citation to the exact bytes of its source file.
#[derive(Debug, Parser)]
#[command(name = "solieu", version, about)]
pub struct Opts {
    /// Replace the embedded patterns with the *.toml files of this folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub patterns: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract figures from files and folders into DIR/records.jsonl and DIR/manifest.json.
    Extract(ExtractArgs),
    /// Write DIR/review.html from DIR/records.jsonl: a self-contained page for reviewers.
    Review {
        /// The output folder of an `extract` run.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Show at most this many figures (the first ones, whole documents);
        /// counts per indicator still cover every record.
        #[arg(long, value_name = "N", default_value_t = 20_000)]
        max_figures: usize,
    },
    /// Re-read every cited file and check its sha256 and that the cited bytes still equal the quote.
    Verify {
        /// A records.jsonl written by `extract`, or the output folder holding it.
        #[arg(value_name = "RECORDS|DIR")]
        records: PathBuf,
        /// The records are `extract --input-jsonl` output: check them against
        /// the documents of this JSON Lines file (`-` for standard input).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["root", "allow_outside"])]
        input_jsonl: Option<PathBuf>,
        /// Cited paths are read relative to this folder, and only under it.
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Also read cited paths that are absolute, hold `..` or lead out of
        /// the root through a link (only for records you trust).
        #[arg(long)]
        allow_outside: bool,
    },
    /// Inspect the patterns.
    Patterns {
        /// `check` runs every example; `list` prints the indicators.
        #[command(subcommand)]
        action: PatternsAction,
    },
}

/// `solieu patterns …`.
#[derive(Debug, Subcommand)]
pub enum PatternsAction {
    /// Run every example and `not` case through the whole pipeline; list failures.
    Check,
    /// Print the indicators with their pillar and unit.
    List,
}

/// Options of `solieu extract` (used as they are: clap checks them).
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders (walked recursively, sorted); `-` reads one document from standard input.
    #[arg(required_unless_present_any = ["input_jsonl", "files_from"], value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Stream mode: read documents as JSON Lines ({"id", "text"}) from FILE (`-` for
    /// standard input) and write records to standard output as they are found.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with_all = [
            "paths", "output", "csv", "csv_bom", "csv_safe", "sqlite", "prune",
            "incremental", "max_file_size", "window_from", "follow", "globs", "excludes",
            "files_from", "list", "quiet",
        ]
    )]
    pub input_jsonl: Option<PathBuf>,
    /// Stream mode: a bad line is a warning (exit code 0), reported on stderr
    /// as one JSON line: {"error", "line", "id" or "head"}.
    #[arg(long, requires = "input_jsonl", conflicts_with = "paths")]
    pub keep_going: bool,
    /// Stream mode: one JSON line per input line on stderr,
    /// {"status": {"id", "records", "dropped", "error"}}.
    #[arg(long, requires = "input_jsonl", conflicts_with = "paths")]
    pub status: bool,
    /// Stream mode: a document line longer than this many bytes is not read
    /// (reported on stderr, exit code 1): memory stays bounded.
    #[arg(long, default_value_t = solieu::ingest::WINDOWED_FROM, value_name = "BYTES")]
    pub max_doc_size: u64,
    /// Output folder.
    #[arg(
        short = 'o',
        long = "output",
        default_value = "output",
        value_name = "DIR"
    )]
    pub output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Files larger than this many bytes are skipped.
    #[arg(long, default_value_t = 1 << 30, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Files larger than this many bytes are read and extracted a window at a
    /// time (windows end at blank lines), so memory does not grow with them.
    #[arg(long, default_value_t = solieu::ingest::WINDOWED_FROM, value_name = "BYTES")]
    pub window_from: u64,
    /// Follow symbolic links while walking folders.
    #[arg(long)]
    pub follow: bool,
    /// Also write DIR/records.csv (one row per record) and DIR/documents.csv
    /// (one row per manifest entry), RFC 4180.
    #[arg(long)]
    pub csv: bool,
    /// Start records.csv with a UTF-8 byte-order mark (spreadsheets then read
    /// it as UTF-8); implies --csv-safe.
    #[arg(long, requires = "csv")]
    pub csv_bom: bool,
    /// Neutralize CSV cells a spreadsheet would read as a formula (text
    /// starting with =, +, -, @, a tab or CR gets a leading ').
    #[arg(long, requires = "csv")]
    pub csv_safe: bool,
    /// Also write into this SQLite database (tables documents and records, view figures);
    /// re-runs update it in place.
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// With --sqlite: delete from the database the documents (and their
    /// records) that are not in this run's input.
    #[arg(long, requires = "sqlite")]
    pub prune: bool,
    /// Keep the previous run's records (in DIR) for files whose sha256 is unchanged.
    #[arg(long)]
    pub incremental: bool,
    /// In folders, read only files whose path (under the folder) or name
    /// matches this glob (repeatable: any of them).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// In folders, leave out files whose path (under the folder) or name
    /// matches this glob (repeatable; wins over --glob).
    #[arg(long = "exclude", value_name = "GLOB")]
    pub excludes: Vec<String>,
    /// Also read the paths listed in FILE, one a line (`-` for standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// With --files-from: paths are separated by NUL bytes (find -print0).
    #[arg(short = '0', long = "null", requires = "files_from")]
    pub null: bool,
    /// Dry run: print each file that would be read (`read<TAB>PATH`) or not
    /// (`skip<TAB>PATH<TAB>why`) on standard output, and write nothing.
    #[arg(long)]
    pub list: bool,
    /// No summary line, no progress bar, no line per skipped file; errors
    /// are still printed on stderr.
    #[arg(short = 'q', long)]
    pub quiet: bool,
}
