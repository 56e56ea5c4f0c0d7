//! One staff user in Settings › Staff Users: their role (changed in place),
//! last login, status, and Deactivate / Reactivate / Resend invite.

use leptos::prelude::*;

use crate::auth::StaffRole;
use crate::components::format::date_time;
use crate::error::AppError;
use crate::staff::api::{
    admin_deactivate_staff, admin_reactivate_staff, admin_resend_staff_invite, admin_set_staff_role,
};
use crate::staff::{StaffStatus, StaffUserRow};

/// What a row's action button does.
#[derive(Clone, Copy)]
enum RowAction {
    Role(StaffRole),
    Deactivate,
    Reactivate,
    ResendInvite,
}

fn status_badge(status: StaffStatus) -> &'static str {
    match status {
        StaffStatus::Active => "badge badge--ok",
        StaffStatus::Invited => "badge badge--info",
        StaffStatus::Deactivated => "badge badge--muted",
    }
}

#[component]
pub fn StaffUserRowView(row: StaffUserRow, changed: Callback<()>) -> impl IntoView {
    let id = row.id;
    let name = row.name.clone();
    let confirming = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let act = Action::new(move |action: &RowAction| {
        let action = *action;
        async move {
            match action {
                RowAction::Role(role) => admin_set_staff_role(id, role).await,
                RowAction::Deactivate => admin_deactivate_staff(id).await,
                RowAction::Reactivate => admin_reactivate_staff(id).await,
                RowAction::ResendInvite => admin_resend_staff_invite(id).await.inspect(|row| {
                    notice.set(Some(format!(
                        "A new invite is on its way to {}.",
                        row.email
                    )));
                }),
            }
        }
    });
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match act.value().get() {
        Some(Ok(_)) => {
            error.set(None);
            confirming.set(false);
            if notice.get_untracked().is_none() {
                changed.run(());
            }
        }
        Some(Err(err)) => {
            confirming.set(false);
            error.set(Some(err));
        }
        None => {}
    });
    let role_label = format!("Role of {name}");
    let last_login = match (&row.last_login_at, &row.last_login_ip) {
        (Some(at), Some(ip)) => format!("{} from {ip}", date_time(at)),
        (Some(at), None) => date_time(at),
        (None, _) => "Never".to_string(),
    };
    let status = row.status;
    view! {
        <tr>
            <th scope="row">
                {row.name.clone()}
                {row.is_me.then(|| view! { " " <span class="badge badge--info nowrap">"You"</span> })}
                {move || error.get().map(|err| view! { <p class="field__error" role="alert">{err.to_string()}</p> })}
                {move || notice.get().map(|text| view! { <p class="form__status" role="status">{text}</p> })}
            </th>
            <td>{row.email.clone()}</td>
            <td>
                <label class="visually-hidden" for=format!("staff-{id}-role")>{role_label}</label>
                <select
                    id=format!("staff-{id}-role")
                    class="input--inline"
                    disabled=move || act.pending().get()
                    on:change=move |ev| {
                        let role = match event_target_value(&ev).as_str() {
                            "Administrator" => StaffRole::Administrator,
                            _ => StaffRole::Staff,
                        };
                        notice.set(None);
                        act.dispatch(RowAction::Role(role));
                    }
                >
                    {[StaffRole::Administrator, StaffRole::Staff]
                        .into_iter()
                        .map(|role| view! {
                            <option value=role.label() selected=row.role == role>{role.label()}</option>
                        })
                        .collect_view()}
                </select>
            </td>
            <td>{last_login}</td>
            <td><span class=status_badge(status)>{status.label()}</span></td>
            <td class="actions">
                {match status {
                    StaffStatus::Deactivated => view! {
                        <button type="button" class="button" disabled=move || act.pending().get()
                            on:click=move |_| { notice.set(None); act.dispatch(RowAction::Reactivate); }>
                            "Reactivate"
                        </button>
                    }
                        .into_any(),
                    _ if row.is_me => ().into_any(),
                    _ => view! {
                        {(status == StaffStatus::Invited).then(|| view! {
                            <button type="button" class="button" disabled=move || act.pending().get()
                                on:click=move |_| { notice.set(None); act.dispatch(RowAction::ResendInvite); }>
                                "Resend invite"
                            </button>
                        })}
                        <Show
                            when=move || confirming.get()
                            fallback=move || view! {
                                <button type="button" class="button" on:click=move |_| confirming.set(true)>"Deactivate"</button>
                            }
                        >
                            <span class="confirm">
                                <span>{format!("Deactivate {}? They are signed out at once.", name.clone())}</span>
                                <button type="button" class="button button--danger"
                                    on:click=move |_| { notice.set(None); act.dispatch(RowAction::Deactivate); }>
                                    "Deactivate"
                                </button>
                                <button type="button" class="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                            </span>
                        </Show>
                    }
                        .into_any(),
                }}
            </td>
        </tr>
    }
}
