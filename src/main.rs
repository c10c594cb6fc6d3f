//! `solieu`: parse options, run one subcommand, map the outcome to an exit code
//! (0 all files read, 1 some files failed, 2 could not run).

use clap::Parser;
use solieu::rules::Catalog;
use std::process::ExitCode;

mod cli;
mod cmd;
mod config;
mod exit;

use exit::Exit;

fn main() -> ExitCode {
    let opts = cli::Opts::parse();
    let catalog = match &opts.patterns {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    };
    let catalog = match catalog {
        Ok(c) => c,
        Err(e) => {
            eprintln!("solieu: {e}");
            return Exit::CannotRun.into();
        }
    };
    let result = match opts.command {
        cli::Command::Extract(args) => match &args.input_jsonl {
            Some(input) => cmd::stream::run(&catalog, input, &args),
            None => cmd::extract::run(&catalog, &args),
        },
        cli::Command::Verify {
            records,
            root,
            allow_outside,
            input_jsonl,
        } => cmd::verify::Scope::new(&root, allow_outside)
            .and_then(|scope| cmd::verify::run(&records, &scope, input_jsonl.as_deref())),
        cli::Command::Review { dir, max_figures } => cmd::review::run(&dir, max_figures),
        cli::Command::Patterns { action } => match action {
            cli::PatternsAction::Check => cmd::patterns::check(&catalog),
            cli::PatternsAction::List => cmd::patterns::list(&catalog),
        },
    };
    match result {
        Ok(code) => code.into(),
        Err(e) => {
            // A reader that stopped early (`… | head`) is no failure.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return Exit::Ok.into();
            }
            eprintln!("solieu: {e:#}");
            Exit::CannotRun.into()
        }
    }
}
