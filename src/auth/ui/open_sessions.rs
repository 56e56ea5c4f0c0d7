//! A signed-in person's open sessions (when each started and was last used,
//! from where, in which browser) and "Sign out other sessions".

use leptos::prelude::*;

use crate::auth::api::{my_sessions, SignOutOtherSessions};
use crate::auth::OpenSession;
use crate::components::format::date_time;
use crate::components::status_page::ErrorPanel;

#[component]
pub fn OpenSessions(
    /// Bumped when something else (a password change) ended sessions.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let end_others = ServerAction::<SignOutOtherSessions>::new();
    let sessions = Resource::new(
        move || (refresh.get(), end_others.version().get()),
        |_| my_sessions(),
    );
    let ended = move || end_others.value().get();
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading" class="card__title">"Where you're signed in"</h2>
            {move || ended().map(|answer| match answer {
                Ok(0) => view! { <p class="alert alert--info" role="status">"No other sessions were open."</p> }.into_any(),
                Ok(1) => view! { <p class="alert alert--success" role="status">"Signed out 1 other session."</p> }.into_any(),
                Ok(n) => view! { <p class="alert alert--success" role="status">{format!("Signed out {n} other sessions.")}</p> }.into_any(),
                Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
            })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading your sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! { <SessionTable list /> }.into_any(),
                        Err(err) => view! { <ErrorPanel error=err /> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=end_others attr:class="form__actions form__actions--below">
                <button type="submit" class="button" disabled=move || end_others.pending().get()>
                    "Sign out other sessions"
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionTable(list: Vec<OpenSession>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="visually-hidden">"Open sessions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Browser"</th>
                        <th scope="col">"Client address"</th>
                        <th scope="col">"Signed in"</th>
                        <th scope="col">"Last used"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|session| view! {
                            <tr>
                                <td>
                                    {session.browser.clone()}
                                    {session.current.then(|| view! { " " <span class="badge badge--ok">"This browser"</span> })}
                                </td>
                                <td class="mono">{session.client_ip.clone().unwrap_or_else(|| "—".to_string())}</td>
                                <td class="nowrap">{date_time(&session.started_at)}</td>
                                <td class="nowrap">{date_time(&session.last_used_at)}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
