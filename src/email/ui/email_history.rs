//! The Email History inside its drawer: a page of emails, newest first, whose
//! statuses update live while the drawer is open; Older/Newer page through the rest.

use leptos::prelude::*;
use std::collections::HashMap;

use super::email_row::EmailRow;
use super::email_viewer::EmailViewer;
use crate::components::drawer::Drawer;
use crate::components::status_page::ErrorPanel;
use crate::email::api::{admin_email_history, admin_resend_email};
use crate::email::{EmailStatusChange, EmailSummary};
use crate::error::AppError;

/// Whose emails a history shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryScope {
    pub organization_id: i32,
    pub contact_id: Option<i32>,
}

#[component]
pub fn EmailHistoryDrawer(
    open: RwSignal<bool>,
    scope: HistoryScope,
    /// Who the emails went to, for the title ("Pawnee Parks Dept.", "Leslie Knope").
    #[prop(into)]
    whose: Signal<String>,
    id: String,
) -> impl IntoView {
    let title = Signal::derive(move || format!("Emails · {}", whose.get()));
    view! {
        <Drawer open title id>
            <EmailHistory scope />
        </Drawer>
    }
}

#[component]
fn EmailHistory(scope: HistoryScope) -> impl IntoView {
    let page = RwSignal::new(1u64);
    let reload = RwSignal::new(0u32);
    let viewing = RwSignal::new(None::<i32>);
    let history = Resource::new(
        move || (page.get(), reload.get()),
        move |(page, _)| admin_email_history(scope.organization_id, scope.contact_id, page),
    );
    // The shown rows, each its own signal so live updates touch only that row.
    let rows = RwSignal::new(Vec::<ArcRwSignal<EmailSummary>>::new());
    let paging = RwSignal::new((1u64, 1u64, 0u64));
    // The newest status the live feed reported for each email: a page fetched
    // while a change was on its way must not show the older status.
    let latest = StoredValue::new(HashMap::<i32, EmailStatusChange>::new());
    Effect::new(move |_| {
        if let Some(Ok(found)) = history.get() {
            paging.set((found.page_number(), found.page_count(), found.total));
            let items = found.items.into_iter().map(|mut item| {
                latest.with_value(|latest| {
                    if let Some(change) = latest
                        .get(&item.id)
                        .filter(|c| c.updated_at > item.updated_at)
                    {
                        item.status = change.status;
                        item.attempts = change.attempts;
                        item.last_error = change.last_error.clone();
                        item.updated_at = change.updated_at;
                    }
                });
                ArcRwSignal::new(item)
            });
            rows.set(items.collect());
        }
    });
    let apply = move |changes: Vec<EmailStatusChange>| {
        let mut unknown = false;
        latest.update_value(|latest| {
            for change in &changes {
                latest.insert(change.id, change.clone());
            }
        });
        rows.with_untracked(|rows| {
            for change in changes {
                match rows
                    .iter()
                    .find(|row| row.with_untracked(|r| r.id) == change.id)
                {
                    Some(row) => row.update(|r| {
                        r.status = change.status;
                        r.attempts = change.attempts;
                        r.last_error = change.last_error;
                        r.updated_at = change.updated_at;
                    }),
                    None => unknown = true,
                }
            }
        });
        // A new email (sent from elsewhere) belongs at the top of the first page.
        if unknown && page.get_untracked() == 1 {
            reload.update(|r| *r += 1);
        }
    };
    listen_for_changes(scope, apply);

    let notice = RwSignal::new(None::<Result<String, AppError>>);
    let resend = Action::new(move |id: &i32| admin_resend_email(*id));
    Effect::new(move |_| match resend.value().get() {
        Some(Ok(sent)) => {
            notice.set(Some(Ok(format!(
                "Resent: a new email to {} is queued.",
                sent.to_address
            ))));
            page.set(1);
            reload.update(|r| *r += 1);
        }
        Some(Err(err)) => notice.set(Some(Err(err))),
        None => {}
    });
    let on_view = Callback::new(move |id| viewing.set(Some(id)));
    let on_resend = Callback::new(move |id| {
        notice.set(None);
        resend.dispatch(id);
    });
    let resending = Signal::derive(move || resend.pending().get());

    view! {
        {move || viewing.get().map(|email_id| view! {
            <EmailViewer email_id on_back=Callback::new(move |()| viewing.set(None)) />
        })}
        <div class="email-history" hidden=move || viewing.get().is_some()>
            {move || notice.get().map(|notice| match notice {
                Ok(message) => view! { <p class="alert alert--success" role="status">{message}</p> }.into_any(),
                Err(err) => view! { <p class="alert alert--error" role="alert">{err.to_string()}</p> }.into_any(),
            })}
            {move || match history.get() {
                None if rows.with(Vec::is_empty) => Some(view! { <p class="loading" role="status">"Loading emails…"</p> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorPanel error /> }.into_any()),
                Some(Ok(found)) if found.total == 0 => Some(view! {
                    <p class="empty">"No emails yet. Emails sent from the portal appear here with every delivery step."</p>
                }
                    .into_any()),
                _ => None,
            }}
            <ul class="email-list" aria-label="Emails">
                <For each=move || rows.get() key=|row| row.with_untracked(|r| r.id) let:row>
                    <EmailRow email=row on_view on_resend resending />
                </For>
            </ul>
            {move || {
                let (number, count, total) = paging.get();
                let (first, last) = (number <= 1, number >= count);
                (total > 0).then(|| view! {
                    <nav class="pagination" aria-label="Email pages">
                        <p class="pagination__summary">{format!("Page {number} of {count} · {total} emails")}</p>
                        <div class="pagination__links">
                            <button type="button" class="button" disabled=first on:click=move |_| page.set(number - 1)>
                                "Newer"
                            </button>
                            <button type="button" class="button" disabled=last on:click=move |_| page.set(number + 1)>
                                "Older"
                            </button>
                        </div>
                    </nav>
                })
            }}
        </div>
    }
}

/// Follows `/api/email/live` while the history is shown. The browser's
/// EventSource reconnects by itself after a dropped connection.
#[cfg(feature = "hydrate")]
fn listen_for_changes(scope: HistoryScope, apply: impl Fn(Vec<EmailStatusChange>) + 'static) {
    use futures::StreamExt;
    let mut url = format!("/api/email/live?organization_id={}", scope.organization_id);
    if let Some(contact) = scope.contact_id {
        url.push_str(&format!("&contact_id={contact}"));
    }
    let (task, stop) = futures::future::abortable(async move {
        let Ok(mut source) = gloo_net::eventsource::futures::EventSource::new(&url) else {
            return;
        };
        let Ok(mut changes) = source.subscribe("status") else {
            return;
        };
        while let Some(Ok((_, message))) = changes.next().await {
            if let Some(Ok(batch)) = message
                .data()
                .as_string()
                .map(|data| serde_json::from_str::<Vec<EmailStatusChange>>(&data))
            {
                apply(batch);
            }
        }
        source.close();
    });
    leptos::task::spawn_local(async move {
        let _ = task.await;
    });
    on_cleanup(move || stop.abort());
}

#[cfg(not(feature = "hydrate"))]
fn listen_for_changes(_scope: HistoryScope, _apply: impl Fn(Vec<EmailStatusChange>) + 'static) {}
