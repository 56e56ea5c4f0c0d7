//! An email's timeline: triggered, queued, picked up, delivered or why not.

use leptos::prelude::*;

use crate::components::format::date_time_seconds;
use crate::components::status_page::ErrorPanel;
use crate::email::api::admin_email_events;
use crate::email::EmailStatus;

#[component]
pub fn EmailEvents(
    email_id: i32,
    /// The email's live status: the trail reloads when it moves on.
    #[prop(into)]
    status: Signal<(EmailStatus, i32)>,
) -> impl IntoView {
    let events = Resource::new(move || status.get(), move |_| admin_email_events(email_id));
    view! {
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading events…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(events) => view! {
                        <ol class="timeline" aria-label="Delivery events">
                            {events
                                .into_iter()
                                .map(|event| view! {
                                    <li class="timeline__item" class:timeline__item--problem=event.kind.is_problem()>
                                        <span class="timeline__kind">{event.kind.label()}</span>
                                        <time class="timeline__time">{date_time_seconds(&event.occurred_at)}</time>
                                        <span class="timeline__text">{event.description}</span>
                                    </li>
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
