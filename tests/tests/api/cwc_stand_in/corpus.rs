//! Every message of the corpus (`tests/data/cwc-corpus/corpus.toml`) sent
//! to the stand-in: those written to the published samples' shape taken,
//! each broken one refused for the problem its source names.

use super::{corpus_file, send};
use integration_tests::cwc_stand_in::{Chamber, StandIn};
use serde::Deserialize;

#[derive(Deserialize)]
struct Corpus {
    accept: Vec<Case>,
    refuse: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    chamber: String,
    file: String,
    #[serde(default)]
    edits: Vec<Edit>,
    /// What the refusal must say.
    problem: Option<String>,
    /// Where the verdict comes from.
    source: String,
}

#[derive(Deserialize)]
struct Edit {
    from: String,
    to: String,
    #[serde(default = "once")]
    times: usize,
}

fn once() -> usize {
    1
}

impl Case {
    fn chamber(&self) -> Chamber {
        match self.chamber.as_str() {
            "senate" => Chamber::Senate,
            "house" => Chamber::House,
            other => panic!("{}: no chamber {other:?}", self.name),
        }
    }

    /// The message: the file with each edit made where its text stands.
    fn xml(&self) -> String {
        self.edits
            .iter()
            .fold(corpus_file(&self.file), |xml, edit| {
                let found = xml.matches(&edit.from).count();
                assert_eq!(
                    found, 1,
                    "{}: {:?} is in {} {found} times",
                    self.name, edit.from, self.file
                );
                xml.replace(&edit.from, &edit.to.repeat(edit.times))
            })
    }
}

fn corpus() -> Corpus {
    toml::from_str(&corpus_file("corpus.toml")).unwrap()
}

/// Every office the corpus writes to, on the stand-in's active list, so
/// that a refusal is for the message alone.
const OFFICES: [&str; 5] = ["HVA02", "HOR03", "HAQ00", "SND01", "SNM02"];

#[tokio::test]
async fn every_message_written_to_the_samples_shape_is_taken() {
    let corpus = corpus();
    assert!(corpus.accept.len() >= 4);
    for case in corpus.accept {
        assert!(
            case.problem.is_none(),
            "{}: a message to take names no problem",
            case.name
        );
        let stand_in = StandIn::start(&OFFICES).await;
        let (status, body) = send(&stand_in, case.chamber(), case.xml()).await;
        let expected = match case.chamber() {
            Chamber::Senate => 201,
            Chamber::House => 200,
        };
        assert_eq!(status, expected, "{} ({}): {body}", case.name, case.source);
    }
}

#[tokio::test]
async fn every_broken_message_is_refused_for_the_problem_its_source_names() {
    let corpus = corpus();
    assert!(corpus.refuse.len() >= 19);
    let stand_in = StandIn::start(&OFFICES).await;
    for case in corpus.refuse {
        let problem = case
            .problem
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no problem named", case.name));
        let (status, body) = send(&stand_in, case.chamber(), case.xml()).await;
        let case = format!("{} ({})", case.name, case.source);
        assert_eq!(status, 400, "{case}: {body}");
        assert!(body.contains(problem), "{case}: {problem:?} not in {body}");
    }
    assert!(stand_in.taken().is_empty());
}
