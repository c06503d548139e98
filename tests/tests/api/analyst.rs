//! The `analyst` command's library against the local server: exports that
//! replace a file whole or not at all, ranged summaries, the campaign
//! chosen or asked for, and errors that say what went wrong.

use crate::admin::{seed, spawn_quiet_app};
use crate::delivery_local::a_mainer_and_a_texan_settled;
use crate::helpers::{ADMIN_TOKEN, CLOSED, LAUNCH, TestApp, csv_rows, letter_json, spawn_embedded};
use analyst::campaign::choose;
use analyst::client::{AnalystClient, Auth, base_url};
use analyst::export::{ExportOptions, export, export_to_file, office_letters};
use analyst::packet::{self, all_offices, office_code};
use analyst::summary::{self, Range};
use shared::analytics::OfficeLetters;

fn client(app: &TestApp) -> AnalystClient {
    AnalystClient::new(&app.address, Auth::Token(ADMIN_TOKEN.into()))
}

fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

#[tokio::test]
async fn the_analyst_cli_exports_every_letter_and_reports_the_summary() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let client = client(&app);

    let summary = client.summary(LAUNCH).await.unwrap();
    assert_eq!(summary.total, 5);

    let options = ExportOptions {
        format: "jsonl".into(),
        state: Some("TX".into()),
        ..Default::default()
    };
    let (mut out, mut seen) = (Vec::new(), Vec::new());
    let rows = export(&client, LAUNCH, &options, &mut out, |rows| seen.push(rows))
        .await
        .unwrap();
    assert_eq!(rows, 3);
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
    assert_eq!(seen.last(), Some(&3));
    assert_eq!(options.expected_rows(&summary), Some(3));

    let campaigns = client.campaigns().await.unwrap();
    assert!(campaigns.iter().any(|c| c.slug == LAUNCH && c.goal > 0));

    let refused = AnalystClient::new(&app.address, Auth::Token("wrong".into()));
    let error = refused.summary(LAUNCH).await.unwrap_err();
    assert!(error.to_string().contains("refused (403"), "{error}");
}

#[tokio::test]
async fn a_ranged_summary_counts_the_letters_of_its_days() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let client = client(&app);
    let whole = client.summary(LAUNCH).await.unwrap();
    let this_day = Range {
        since: Some(today().to_string()),
        until: Some(today().next_day().unwrap().to_string()),
    };
    let ranged = summary::fetch(&client, LAUNCH, &this_day).await.unwrap();
    assert_eq!(
        ranged, whole,
        "the range holds every letter: the same summary"
    );
    let tomorrow = Range {
        since: Some(today().next_day().unwrap().to_string()),
        until: None,
    };
    assert_eq!(
        summary::fetch(&client, LAUNCH, &tomorrow)
            .await
            .unwrap()
            .total,
        0
    );

    let backwards = Range {
        since: Some("2026-11-28".into()),
        until: Some("2026-11-27".into()),
    };
    let error = summary::fetch(&client, LAUNCH, &backwards)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("until must come after since"),
        "{error}"
    );
}

#[tokio::test]
async fn a_failed_export_leaves_the_existing_file_as_it_was() {
    let app = spawn_quiet_app().await;
    seed(&app).await;
    let client = client(&app);
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("letters.csv");
    std::fs::write(&path, "last week's export\n").unwrap();

    let options = ExportOptions {
        format: "csv".into(),
        ..Default::default()
    };
    let error = export_to_file(&client, "nope", &options, &path, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("nothing at /admin/c/nope/letters"),
        "{error}"
    );
    assert!(error.contains("analyst campaigns"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "last week's export\n"
    );
    assert_eq!(
        std::fs::read_dir(directory.path()).unwrap().count(),
        1,
        "no temporary file left"
    );

    let spreadsheet = ExportOptions {
        spreadsheet: true,
        ..options
    };
    let rows = export_to_file(&client, LAUNCH, &spreadsheet, &path, |_| {})
        .await
        .unwrap();
    assert_eq!(rows, 5);
    let written = std::fs::read(&path).unwrap();
    assert!(written.starts_with(shared::analytics::UTF8_BOM));
    assert_eq!(std::fs::read_dir(directory.path()).unwrap().count(), 1);
}

#[tokio::test]
async fn mistaken_addresses_and_a_missing_token_are_named() {
    let error = base_url("127.0.0.1:3000").unwrap_err().to_string();
    assert!(error.contains("give its scheme and host"), "{error}");
    let error = base_url("localhost").unwrap_err().to_string();
    assert!(error.contains("give its scheme and host"), "{error}");
    assert!(base_url("http://127.0.0.1:3000").is_ok());

    for local in [
        "http://127.0.0.1:3000",
        "http://localhost:3000",
        "http://[::1]:3000",
        "http://192.168.1.20:3000",
    ] {
        let url = base_url(local).unwrap();
        let error = Auth::for_url(&url, None).await.err().unwrap().to_string();
        assert!(
            error.contains("pass --token, or set ADMIN_TOKEN"),
            "{error}"
        );
    }
}

#[tokio::test]
async fn the_command_publishes_a_campaign_and_lists_a_refusals_problems() {
    let app = spawn_quiet_app().await;
    let client = client(&app);
    let launch = include_str!("../../../core/campaigns/sesta.toml");
    let text = launch.replace("slug = \"sesta\"", "slug = \"city-hall\"");
    let answer = client.publish("city-hall", text.clone()).await.unwrap();
    assert_eq!(answer["version"], 1);
    let listed = client.campaigns().await.unwrap();
    assert!(
        listed
            .iter()
            .any(|c| c.slug == "city-hall" && c.version == 1)
    );

    let typo = text.replace("goal = 25000", "gaol = 25000");
    let error = client
        .publish("city-hall", typo)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("refused, nothing changed"), "{error}");
    assert!(error.contains(": gaol: unknown field"), "{error}");
    assert!(error.contains("goal: missing"), "{error}");
}

/// Ada and Grace write from Maine, Alan from Texas.
async fn seed_offices(app: &TestApp) {
    for (email, state) in [
        ("ada@example.org", "ME"),
        ("grace@example.org", "ME"),
        ("alan@example.org", "TX"),
    ] {
        let letter = letter_json(email, state);
        assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    }
}

#[tokio::test]
async fn the_command_writes_one_offices_packet_with_its_progress() {
    let app = spawn_quiet_app().await;
    seed_offices(&app).await;
    let client = client(&app);
    let directory = tempfile::tempdir().unwrap();
    let king = office_code("SME01").unwrap();

    let expected = packet::offices(&client.summary(LAUNCH).await.unwrap());
    assert!(expected.contains(&(king.clone(), 2)), "{expected:?}");
    let html = directory.path().join("king.html");
    let mut seen = Vec::new();
    let letters = OfficeLetters::Addressed;
    let rows = office_letters(&client, LAUNCH, &king, letters, "html", &html, |n| {
        seen.push(n)
    })
    .await
    .unwrap();
    assert_eq!((rows, seen.last()), (2, Some(&2)));
    let printed = std::fs::read_to_string(&html).unwrap();
    assert_eq!(printed.matches("<article class=\"letter\">").count(), 2);
    assert!(printed.contains("The Honorable Angus S. King, Jr."));

    let csv = directory.path().join("king.csv");
    office_letters(&client, LAUNCH, &king, letters, "csv", &csv, |_| {})
        .await
        .unwrap();
    let written = std::fs::read_to_string(&csv).unwrap();
    let rows = csv::Reader::from_reader(written.as_bytes())
        .records()
        .count();
    assert_eq!(rows, 2, "{written}");
    assert!(written.contains("ada@example.org") && !written.contains("alan@example.org"));
}

#[tokio::test]
async fn the_command_writes_every_offices_packet_into_a_folder() {
    let app = spawn_quiet_app().await;
    seed_offices(&app).await;
    let client = client(&app);
    let directory = tempfile::tempdir().unwrap();
    let folder = directory.path().join("packets");

    let offices = packet::offices(&client.summary(LAUNCH).await.unwrap());
    let mut started = Vec::new();
    let written = all_offices(&client, LAUNCH, &offices, &folder, |office, done| {
        started.push((office.to_string(), done))
    })
    .await
    .unwrap();
    let written: Vec<(String, u64)> = written
        .into_iter()
        .map(|(office, rows)| (office.to_string(), rows))
        .collect();
    assert_eq!(
        written,
        [
            ("SME01".into(), 2),
            ("SME02".into(), 2),
            ("STX01".into(), 1),
            ("STX02".into(), 1)
        ]
    );
    assert_eq!(started.last(), Some(&("STX02".to_owned(), 3)));
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "SME01.csv",
            "SME01.html",
            "SME02.csv",
            "SME02.html",
            "STX01.csv",
            "STX01.html",
            "STX02.csv",
            "STX02.html"
        ]
    );
    let texas = std::fs::read_to_string(folder.join("STX02.html")).unwrap();
    assert!(texas.contains("Dear Senator John Cornyn,"), "{texas}");
}

#[tokio::test]
async fn a_packet_the_command_cannot_make_is_refused_with_the_reason() {
    let app = spawn_quiet_app().await;
    seed_offices(&app).await;
    let directory = tempfile::tempdir().unwrap();
    let out = directory.path().join("packet.csv");
    let king = office_code("SME01").unwrap();
    let letters = OfficeLetters::Addressed;

    let error = office_letters(&client(&app), "nope", &king, letters, "csv", &out, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("nothing at /admin/c/nope/offices/SME01/letters"),
        "{error}"
    );
    assert!(error.contains("analyst campaigns"), "{error}");
    assert!(!out.exists());

    let refused = AnalystClient::new(&app.address, Auth::Token("wrong".into()));
    let error = office_letters(&refused, LAUNCH, &king, letters, "csv", &out, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(error.contains("refused (403"), "{error}");

    let blocker = directory.path().join("a-file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let offices = [(king.clone(), 2)];
    for folder in [blocker.clone(), blocker.join("packets")] {
        let error = all_offices(&client(&app), LAUNCH, &offices, &folder, |_, _| {})
            .await
            .unwrap_err();
        let error = format!("{error:#}");
        assert!(error.contains(&format!("{}", folder.display())), "{error}");
    }
    let error = office_code("SDC01").unwrap_err().to_string();
    assert!(
        error.contains("--office: \"SDC01\" is not an office code"),
        "{error}"
    );
}

#[tokio::test]
async fn without_a_campaign_the_command_takes_the_only_one_and_refuses_to_guess_among_several() {
    let app = spawn_quiet_app().await;
    let two = client(&app);

    let error = choose(&two, None).await.unwrap_err().to_string();
    assert!(
        error.contains(&format!("2 campaigns ({LAUNCH}, {CLOSED})"))
            || error.contains(&format!("2 campaigns ({CLOSED}, {LAUNCH})")),
        "{error}"
    );
    assert!(error.contains("--campaign"), "{error}");
    assert_eq!(choose(&two, Some(CLOSED.into())).await.unwrap(), CLOSED);

    let single = spawn_embedded(shared::fixtures::launch_catalog_with("")).await;
    assert_eq!(choose(&client(&single), None).await.unwrap(), LAUNCH);
}

#[tokio::test]
async fn every_zip_column_of_a_spreadsheet_export_is_text_and_plain_csv_keeps_values_as_stored() {
    let app = spawn_quiet_app().await;
    let mut letter = letter_json("ada@example.org", "TX");
    letter["city"] = "=HYPERLINK(\"http://evil.example\")".into();
    assert_eq!(app.post_json(LAUNCH, &letter).await.status(), 201);
    let client = client(&app);
    let export_of = |spreadsheet| ExportOptions {
        format: "csv".into(),
        include_pii: true,
        spreadsheet,
        ..Default::default()
    };

    let mut out = Vec::new();
    export(&client, LAUNCH, &export_of(true), &mut out, |_| {})
        .await
        .unwrap();
    let (header, rows) = csv_rows(&out);
    let zips: Vec<&String> = header.iter().filter(|c| c.starts_with("zip")).collect();
    assert_eq!(zips.len(), 2, "{header:?}");
    for zip in zips {
        let cell = &rows[0][zip];
        assert!(
            cell.starts_with("=\"") && cell.ends_with('"'),
            "{zip}: {cell}"
        );
    }
    assert!(rows[0]["city"].starts_with("'="), "neutralised");

    let mut out = Vec::new();
    export(&client, LAUNCH, &export_of(false), &mut out, |_| {})
        .await
        .unwrap();
    let (_, rows) = csv_rows(&out);
    assert_eq!(rows[0]["city"], "=HYPERLINK(\"http://evil.example\")");
    assert_eq!(rows[0]["zip"], letter["zip"].as_str().unwrap());
}

#[tokio::test]
async fn the_per_office_export_carries_each_offices_member_and_delivery_state_with_its_time() {
    let (_stand_in, app) = a_mainer_and_a_texan_settled().await;

    let options = ExportOptions {
        format: "csv".into(),
        per_office: true,
        ..Default::default()
    };
    let mut out = Vec::new();
    let letters = export(&client(&app), LAUNCH, &options, &mut out, |_| {})
        .await
        .unwrap();
    assert_eq!(letters, 2);
    let (header, rows) = csv_rows(&out);
    assert!(!header.contains(&"recipients".to_owned()), "{header:?}");
    assert_eq!(rows.len(), 4, "two letters, two Senators each");
    let row = |office: &str| rows.iter().find(|row| row["office"] == office).unwrap();
    let collins = row("SME02");
    assert_eq!(collins["member"], "Senator Susan M. Collins (C001035)");
    assert_eq!(
        (
            collins["party"].as_str(),
            collins["member_district"].as_str()
        ),
        ("Republican", "ME")
    );
    assert_eq!(collins["delivery"], "delivered");
    assert!(
        time::OffsetDateTime::parse(
            &collins["delivery_at"],
            &time::format_description::well_known::Rfc3339
        )
        .is_ok(),
        "{collins:?}"
    );
    let king = row("SME01");
    assert_eq!(king["delivery"], "unreachable");
    assert!(!king["delivery_at"].is_empty(), "{king:?}");
    assert_eq!(king["id"], collins["id"], "the same letter");
}
