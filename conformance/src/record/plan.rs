//! Which runs a case needs, and how they group into builds.

use std::collections::{BTreeMap, HashSet};

use crate::case::Loaded;
use crate::fixture::{Fixture, RunKey};
use crate::gobuild::Config;
use crate::version::{Lang, Release};

use super::Options;

/// The runs `fixture` needs on `toolchain`: each language version it builds (the case's
/// list, or the toolchain's own), with each of `gcflags` and each gcflags value the fixture
/// already records for `toolchain` (so that re-recording or checking a case covers every
/// observation it holds), without GODEBUG and with each of the case's settings.
pub fn plan(fixture: &Fixture, toolchain: Release, gcflags: &[String]) -> Vec<RunKey> {
    let langs = if fixture.lang.is_empty() {
        vec![toolchain.lang()]
    } else {
        fixture
            .lang
            .iter()
            .copied()
            .filter(|l| toolchain.builds(*l))
            .collect()
    };
    let mut godebugs = vec![String::new()];
    for g in &fixture.godebug {
        if !godebugs.contains(g) {
            godebugs.push(g.clone());
        }
    }
    let mut flags_all: Vec<&String> = gcflags.iter().collect();
    for run in fixture.runs.iter().filter(|r| r.toolchain == toolchain) {
        if !flags_all.contains(&&run.gcflags) {
            flags_all.push(&run.gcflags);
        }
    }
    let mut keys = Vec::new();
    for lang in langs {
        for flags in &flags_all {
            for godebug in &godebugs {
                keys.push(RunKey {
                    toolchain,
                    lang,
                    gcflags: (*flags).clone(),
                    godebug: godebug.clone(),
                });
            }
        }
    }
    keys
}

/// Cases sharing a toolchain, language version and gcflags, built by one `go build`.
pub(super) struct Batch<'a> {
    pub(super) config: Config<'a>,
    pub(super) members: Vec<Member>,
}

/// A case in a batch: its index into the loaded cases, and the GODEBUG values to run
/// its binary with.
pub(super) struct Member {
    pub(super) case: usize,
    pub(super) godebugs: Vec<String>,
}

/// Groups the planned runs into batches whose case names are distinct, since the
/// binaries of one batch share a directory.
pub(super) fn batches<'a>(loaded: &'a [Loaded], options: &'a Options) -> Vec<Batch<'a>> {
    // Every gcflags value planned: the requested ones, then those fixtures record.
    let mut flags: Vec<&'a str> = Vec::new();
    let recorded = loaded
        .iter()
        .flat_map(|l| &l.fixture.runs)
        .map(|r| &r.gcflags);
    for f in options.gcflags.iter().chain(recorded) {
        if !flags.contains(&f.as_str()) {
            flags.push(f);
        }
    }
    // Keyed by (toolchain, language, gcflags), the first and last as indexes into options
    // and `flags`.
    let mut groups: BTreeMap<(usize, Lang, usize), Vec<Member>> = BTreeMap::new();
    for (ci, case) in loaded.iter().enumerate() {
        for (ti, toolchain) in options.toolchains.iter().enumerate() {
            for key in plan(&case.fixture, toolchain.release, &options.gcflags) {
                let gi = flags.iter().position(|f| *f == key.gcflags).unwrap_or(0);
                let members = groups.entry((ti, key.lang, gi)).or_default();
                match members.iter_mut().find(|m| m.case == ci) {
                    Some(m) => m.godebugs.push(key.godebug),
                    None => members.push(Member {
                        case: ci,
                        godebugs: vec![key.godebug],
                    }),
                }
            }
        }
    }
    let mut batches = Vec::new();
    for ((ti, lang, gi), members) in groups {
        let mut chunks: Vec<(HashSet<&str>, Vec<Member>)> = Vec::new();
        for member in members {
            let name = loaded[member.case].case.name.as_str();
            match chunks.iter_mut().find(|(names, _)| !names.contains(name)) {
                Some((names, chunk)) => {
                    names.insert(name);
                    chunk.push(member);
                }
                None => chunks.push((HashSet::from([name]), vec![member])),
            }
        }
        let config = Config {
            toolchain: &options.toolchains[ti],
            lang,
            gcflags: flags[gi],
            plain: false,
        };
        batches.extend(
            chunks
                .into_iter()
                .map(|(_, members)| Batch { config, members }),
        );
    }
    // The largest builds first, so the last one to finish is a small one.
    batches.sort_by_key(|b| std::cmp::Reverse(b.members.len()));
    batches
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::{fixture, key, loaded, release};
    use crate::toolchain::Toolchain;
    use std::path::PathBuf;
    use std::time::Duration;

    #[test]
    fn plan_uses_the_toolchains_own_language_by_default() {
        let keys = plan(&fixture(&[], &[]), release("go1.27.3"), &[String::new()]);
        assert_eq!(keys, [key("go1.27.3", "1.27", "")]);
    }

    #[test]
    fn plan_skips_languages_newer_than_the_toolchain() {
        let f = fixture(&["1.20", "1.21", "1.22"], &[]);
        let langs = |r: &str| -> Vec<String> {
            plan(&f, release(r), &[String::new()])
                .iter()
                .map(|k| k.lang.to_string())
                .collect()
        };
        assert_eq!(langs("go1.19.8"), Vec::<String>::new());
        assert_eq!(langs("go1.21.13"), ["1.20", "1.21"]);
        assert_eq!(langs("go1.27.3"), ["1.20", "1.21", "1.22"]);
    }

    #[test]
    fn plan_keeps_the_gcflags_a_fixture_records_for_the_toolchain() {
        let mut f = fixture(&[], &[]);
        let inlined = RunKey {
            gcflags: "all=-l".to_string(),
            ..key("go1.27.3", "1.27", "")
        };
        f.runs.push(crate::record::tests::obs(&inlined, ""));
        let keys = plan(&f, release("go1.27.3"), &[String::new()]);
        assert_eq!(keys, vec![key("go1.27.3", "1.27", ""), inlined]);
        // Another toolchain's observations do not add to this one's plan.
        assert_eq!(
            plan(&f, release("go1.22.10"), &[String::new()]),
            vec![key("go1.22.10", "1.22", "")]
        );
    }

    #[test]
    fn plan_crosses_languages_gcflags_and_godebug() {
        let f = fixture(&["1.21", "1.22"], &["panicnil=1", "", "panicnil=1"]);
        let gcflags = [String::new(), "-N -l".to_string()];
        let keys = plan(&f, release("go1.22.10"), &gcflags);
        assert_eq!(
            keys.len(),
            2 * 2 * 2,
            "duplicates and the default are not repeated"
        );
        assert!(keys.contains(&RunKey {
            gcflags: "-N -l".to_string(),
            ..key("go1.22.10", "1.21", "panicnil=1")
        }));
    }

    #[test]
    fn batches_share_a_build_but_never_a_binary_name() {
        let go = |r: &str| Toolchain {
            release: release(r),
            go: PathBuf::from("go"),
        };
        let options = Options {
            toolchains: vec![go("go1.21.13"), go("go1.27.3")],
            gcflags: vec![String::new()],
            check: false,
            timeout: Duration::from_secs(1),
        };
        let cases = [
            loaded("s", "a", fixture(&[], &["panicnil=1"])),
            loaded("t", "a", fixture(&[], &[])),
            loaded("t", "b", fixture(&["1.21", "1.22"], &[])),
        ];
        // Each batch as `toolchain lang: case[godebug,...] ...`.
        let shown: Vec<String> = batches(&cases, &options)
            .iter()
            .map(|b| {
                let members: Vec<String> = b
                    .members
                    .iter()
                    .map(|m| format!("{}[{}]", m.case, m.godebugs.join(",")))
                    .collect();
                let (t, l) = (b.config.toolchain.release, b.config.lang);
                format!("{t} {l}: {}", members.join(" "))
            })
            .collect();
        assert!(
            shown[0].starts_with("go1.21.13 1.21: 0[,panicnil=1] 2[]"),
            "largest first"
        );
        let mut sorted = shown.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "go1.21.13 1.21: 0[,panicnil=1] 2[]",
                "go1.21.13 1.21: 1[]",
                "go1.27.3 1.21: 2[]",
                "go1.27.3 1.22: 2[]",
                "go1.27.3 1.27: 0[,panicnil=1]",
                "go1.27.3 1.27: 1[]",
            ]
        );
    }
}
