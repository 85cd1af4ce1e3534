//! SQLite on a full disk: a write that the database could not keep is an error
//! (`is_disk_full`), never a success, and everything works again once space returns.
//! Needs root (it mounts a small tmpfs); skipped elsewhere.

use genui_storage::users::{self, NewUser};
use genui_storage::{projects, DatabaseConfig, Db, PageRequest};
use genui_test_support::SmallDisk;

#[tokio::test]
async fn writes_on_a_full_disk_fail_and_nothing_is_reported_saved_that_was_not() {
    let Some(disk) = SmallDisk::mount(4) else {
        eprintln!("skipped: mounting a tmpfs needs root");
        return;
    };
    let config = DatabaseConfig::Sqlite {
        path: disk.path().join("genui.sqlite3"),
    };
    let db = Db::connect(&config).await.expect("connect");
    db.migrate().await.expect("migrate");
    let owner = users::create(
        &db,
        &NewUser {
            username: "alice",
            email: "",
            password_hash: "x",
            is_admin: false,
        },
    )
    .await
    .expect("user");
    projects::create(&db, owner.id, "before", "")
        .await
        .expect("a first project");

    let filler = disk.fill();
    let mut refused = 0;
    for i in 0..20 {
        // Large descriptions, so that the writes need new pages.
        let description = "x".repeat(200_000);
        match projects::create(&db, owner.id, &format!("full {i}"), &description).await {
            Ok(project) => {
                let stored = projects::get_owned(&db, owner.id, project.id)
                    .await
                    .expect("read");
                assert!(
                    stored.is_some(),
                    "project {} was reported saved but is not",
                    project.id
                );
            }
            Err(e) => {
                assert!(e.is_disk_full(), "a full disk is told apart: {e}");
                refused += 1;
            }
        }
    }
    assert!(refused > 0, "the disk never filled up");
    let all = PageRequest {
        limit: 100,
        offset: 0,
    };
    let listed = projects::list_owned(&db, owner.id, all)
        .await
        .expect("list");
    let stored = listed
        .items
        .iter()
        .filter(|p| p.name.starts_with("full"))
        .count();
    assert_eq!(
        stored,
        20 - refused,
        "what was reported saved is there, nothing else"
    );

    // Space returns: writes work again, nothing was lost.
    std::fs::remove_file(filler).expect("free the disk");
    projects::create(&db, owner.id, "after", "")
        .await
        .expect("writes work again");
    let names: Vec<String> = projects::list_owned(&db, owner.id, all)
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert!(
        names.contains(&"before".to_owned()) && names.contains(&"after".to_owned()),
        "{names:?}"
    );
    db.close().await;
}
