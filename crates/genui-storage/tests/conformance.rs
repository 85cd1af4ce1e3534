//! One storage story run on every selected backend (SQLite always; PostgreSQL when reachable).

use chrono::Duration;
use genui_storage::tasks::{
    self, Finish, Heartbeat, NewTask, Queue, StartOutcome, TaskFilter, TaskStatus,
};
use genui_storage::tokens::{self, TokenKind};
use genui_storage::users::{self, NewUser};
use genui_storage::{projects, Db, PageRequest, StorageError};
use genui_test_support::{backends, TestDb};
use serde_json::json;

const ALL: PageRequest = PageRequest {
    limit: 100,
    offset: 0,
};

async fn user(db: &Db, name: &str) -> users::User {
    users::create(
        db,
        &NewUser {
            username: name,
            email: "",
            password_hash: "x",
            is_admin: false,
        },
    )
    .await
    .expect("create user")
}

fn new_task(project_id: i64, queue: Queue) -> NewTask {
    NewTask {
        project_id,
        kind: "echo".into(),
        title: "Echo a value".into(),
        queue,
        object_type: Some("thing".into()),
        object_id: Some(7),
        args: json!({"a": 1}),
        max_attempts: 3,
    }
}

#[tokio::test]
async fn users_tokens_and_projects_are_scoped_by_owner() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let db = &t.db;
        let alice = user(db, "Alice").await;
        let bob = user(db, "bob").await;
        assert!(alice.id > 0 && bob.id > alice.id, "{backend:?}");
        let dup = users::create(
            db,
            &NewUser {
                username: "ALICE",
                email: "",
                password_hash: "x",
                is_admin: false,
            },
        )
        .await;
        assert!(
            matches!(dup, Err(StorageError::Conflict(_))),
            "{backend:?}: {dup:?}"
        );
        let creds = users::credentials_by_username(db, "alice")
            .await
            .expect("query")
            .expect("found");
        assert_eq!(creds.user, alice);

        let (session, key) = tokens::create(
            db,
            alice.id,
            TokenKind::Session,
            "login",
            Some(Duration::hours(1)),
        )
        .await
        .expect("token");
        let (found_user, found) = tokens::authenticate(db, &key, None)
            .await
            .expect("auth")
            .expect("valid");
        assert_eq!((found_user.id, found.id), (alice.id, session.id));
        assert!(tokens::authenticate(db, &key, Some(TokenKind::Api))
            .await
            .expect("auth")
            .is_none());
        let (_, expired) = tokens::create(
            db,
            alice.id,
            TokenKind::Session,
            "",
            Some(Duration::seconds(-1)),
        )
        .await
        .expect("token");
        assert!(tokens::authenticate(db, &expired, None)
            .await
            .expect("auth")
            .is_none());
        let (api, _) = tokens::create(db, alice.id, TokenKind::Api, "ci", None)
            .await
            .expect("token");
        assert!(!tokens::delete_api(db, bob.id, api.id)
            .await
            .expect("delete"));
        assert_eq!(tokens::list_api(db, alice.id).await.expect("list").len(), 1);
        assert!(tokens::delete_by_key(db, &key).await.expect("logout"));
        assert!(tokens::authenticate(db, &key, None)
            .await
            .expect("auth")
            .is_none());

        let p = projects::create(db, alice.id, "P1", "first")
            .await
            .expect("project");
        let again = projects::create(db, alice.id, "P1", "").await;
        assert!(
            matches!(again, Err(StorageError::Conflict(_))),
            "{backend:?}"
        );
        projects::create(db, bob.id, "P1", "")
            .await
            .expect("same name, other owner");
        assert!(projects::get_owned(db, bob.id, p.id)
            .await
            .expect("get")
            .is_none());
        assert!(projects::update_owned(db, bob.id, p.id, Some("x"), None)
            .await
            .expect("update")
            .is_none());
        assert!(!projects::delete_owned(db, bob.id, p.id)
            .await
            .expect("delete"));
        let page = projects::list_owned(db, alice.id, ALL).await.expect("list");
        assert_eq!((page.count, page.items.len()), (1, 1));
        let renamed = projects::update_owned(db, alice.id, p.id, Some("P2"), None)
            .await
            .expect("update")
            .expect("own");
        assert_eq!(
            (renamed.name.as_str(), renamed.description.as_str()),
            ("P2", "first")
        );

        let task = tasks::insert(db, &new_task(p.id, Queue::Celery))
            .await
            .expect("task");
        assert_eq!(task.status, TaskStatus::Pending);
        assert_eq!(task.title, "Echo a value");
        assert_eq!(
            task.created_at,
            tasks::get(db, task.id)
                .await
                .expect("get")
                .expect("row")
                .created_at
        );
        assert!(tasks::get_owned(db, bob.id, task.id)
            .await
            .expect("get")
            .is_none());
        let filter = TaskFilter {
            project_id: Some(p.id),
            object_type: Some("thing".into()),
            object_id: Some(7),
            status: Some(TaskStatus::Pending),
        };
        assert_eq!(
            tasks::list_owned(db, alice.id, &filter, ALL)
                .await
                .expect("list")
                .count,
            1
        );
        assert_eq!(
            tasks::list_owned(db, bob.id, &TaskFilter::default(), ALL)
                .await
                .expect("list")
                .count,
            0
        );
        assert!(tasks::request_cancel_owned(db, bob.id, task.id)
            .await
            .expect("cancel")
            .is_none());

        assert!(projects::delete_owned(db, alice.id, p.id)
            .await
            .expect("delete"));
        assert!(
            tasks::get(db, task.id).await.expect("get").is_none(),
            "tasks cascade"
        );
    }
}

#[tokio::test]
async fn claims_are_leased_fenced_and_reclaimed_after_expiry() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let db = &t.db;
        let u = user(db, "u").await;
        let p = projects::create(db, u.id, "p", "").await.expect("project");
        let gpu = tasks::insert(db, &new_task(p.id, Queue::Gpu))
            .await
            .expect("task");
        let cpu = tasks::insert(db, &new_task(p.id, Queue::Celery))
            .await
            .expect("task");

        let short = Duration::milliseconds(300);
        let claimed = tasks::claim_next(db, &[Queue::Celery], "w1", short)
            .await
            .expect("claim")
            .expect("one");
        assert_eq!(
            (claimed.id, claimed.attempts, claimed.status),
            (cpu.id, 1, TaskStatus::Started)
        );
        assert_eq!(claimed.worker_name.as_deref(), Some("w1"));
        assert!(
            tasks::claim_next(db, &[Queue::Celery], "w2", short)
                .await
                .expect("claim")
                .is_none(),
            "{backend:?}: leased"
        );
        assert_eq!(
            tasks::heartbeat(db, cpu.id, 1, short).await.expect("beat"),
            Heartbeat::Alive {
                cancel_requested: false
            }
        );
        assert!(tasks::set_progress(db, cpu.id, 1, 5, Some(10), "half")
            .await
            .expect("progress"));
        let row = tasks::get(db, cpu.id).await.expect("get").expect("row");
        assert_eq!(row.progress.percent, Some(50.0));

        // w1 dies: the lease runs out and w2 takes over with attempt 2.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let again = tasks::claim_next(db, &[Queue::Celery], "w2", Duration::seconds(30))
            .await
            .expect("claim")
            .expect("reclaimed");
        assert_eq!((again.id, again.attempts), (cpu.id, 2));
        assert_eq!(
            tasks::heartbeat(db, cpu.id, 1, short).await.expect("beat"),
            Heartbeat::Lost
        );
        assert!(!tasks::set_progress(db, cpu.id, 1, 9, Some(10), "zombie")
            .await
            .expect("progress"));
        let ok = Finish {
            status: TaskStatus::Success,
            result: Some(json!({"n": 1})),
            errors: vec![],
        };
        assert!(
            tasks::finish(db, cpu.id, 1, &ok)
                .await
                .expect("finish")
                .is_none(),
            "old attempt fenced out"
        );
        let done = tasks::finish(db, cpu.id, 2, &ok)
            .await
            .expect("finish")
            .expect("owner");
        assert_eq!(
            (done.status, done.result.clone()),
            (TaskStatus::Success, Some(json!({"n": 1})))
        );
        assert!(
            tasks::finish(db, cpu.id, 2, &ok)
                .await
                .expect("finish")
                .is_none(),
            "ends once"
        );

        // Explicit start (Redis path) of the gpu task; a second start is busy.
        let lease = Duration::seconds(30);
        assert!(matches!(
            tasks::start(db, gpu.id, "w3", lease).await.expect("start"),
            StartOutcome::Started(_)
        ));
        assert_eq!(
            tasks::start(db, gpu.id, "w4", lease).await.expect("start"),
            StartOutcome::Busy
        );
        let cancelled = tasks::request_cancel_owned(db, u.id, gpu.id)
            .await
            .expect("cancel")
            .expect("own");
        assert!(cancelled.cancel_requested && cancelled.status == TaskStatus::Started);
        assert_eq!(
            tasks::heartbeat(db, gpu.id, 1, lease).await.expect("beat"),
            Heartbeat::Alive {
                cancel_requested: true
            }
        );
        let end = Finish {
            status: TaskStatus::Cancelled,
            result: None,
            errors: vec![],
        };
        tasks::finish(db, gpu.id, 1, &end)
            .await
            .expect("finish")
            .expect("owner");
        assert!(matches!(
            tasks::start(db, gpu.id, "w4", lease).await.expect("start"),
            StartOutcome::Finished(_)
        ));
        assert_eq!(
            tasks::start(db, 999_999, "w4", lease).await.expect("start"),
            StartOutcome::Missing
        );

        // A pending task is cancelled at once and never claimed.
        let pending = tasks::insert(db, &new_task(p.id, Queue::Celery))
            .await
            .expect("task");
        let c = tasks::request_cancel_owned(db, u.id, pending.id)
            .await
            .expect("cancel")
            .expect("own");
        assert_eq!(c.status, TaskStatus::Cancelled);
        assert!(tasks::claim_next(db, &Queue::ALL, "w5", lease)
            .await
            .expect("claim")
            .is_none());
        let changed = tasks::changed_since(db, pending.created_at, 100)
            .await
            .expect("changes");
        assert!(changed.iter().any(|t| t.id == pending.id));
    }
}

#[tokio::test]
async fn a_fenced_out_attempt_rolls_back_its_own_writes() {
    for backend in backends() {
        let t = TestDb::new(backend).await;
        let db = &t.db;
        let u = user(db, "u").await;
        let p = projects::create(db, u.id, "p", "").await.expect("project");
        let task = tasks::insert(db, &new_task(p.id, Queue::Celery))
            .await
            .expect("task");
        let lease = Duration::milliseconds(200);
        tasks::claim_next(db, &[Queue::Celery], "zombie", lease)
            .await
            .expect("claim")
            .expect("task");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let live = tasks::claim_next(db, &[Queue::Celery], "live", Duration::seconds(30))
            .await
            .expect("claim")
            .expect("reclaimed");
        assert_eq!(live.attempts, 2);
        let ok = Finish {
            status: TaskStatus::Success,
            result: Some(json!(1)),
            errors: vec![],
        };

        // The zombie (attempt 1) writes its output and tries to finish in one transaction.
        let mut tx = db.begin().await.expect("begin");
        genui_storage::dispatch_tx!(&mut tx, |conn| {
            sqlx::query("INSERT INTO projects (owner_id, name, description, created_at, updated_at) VALUES ($1, 'zombie output', '', $2, $2)")
                .bind(u.id).bind(genui_storage::now()).execute(conn).await.expect("insert");
        });
        assert!(
            tasks::finish_in(&mut tx, task.id, 1, &ok)
                .await
                .expect("finish")
                .is_none(),
            "{backend:?}"
        );
        tx.rollback().await.expect("rollback");

        // The live attempt commits output and success together.
        let mut tx = db.begin().await.expect("begin");
        genui_storage::dispatch_tx!(&mut tx, |conn| {
            sqlx::query("INSERT INTO projects (owner_id, name, description, created_at, updated_at) VALUES ($1, 'live output', '', $2, $2)")
                .bind(u.id).bind(genui_storage::now()).execute(conn).await.expect("insert");
        });
        let done = tasks::finish_in(&mut tx, task.id, 2, &ok)
            .await
            .expect("finish")
            .expect("owner");
        tx.commit().await.expect("commit");
        assert_eq!(done.status, TaskStatus::Success);
        let names: Vec<String> = projects::list_owned(db, u.id, ALL)
            .await
            .expect("list")
            .items
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert!(names.contains(&"live output".to_owned()), "{names:?}");
        assert!(
            !names.contains(&"zombie output".to_owned()),
            "{backend:?}: {names:?}"
        );
    }
}
