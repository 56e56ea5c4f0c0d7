//! The centered card the sign-in pages sit in.

use leptos::prelude::*;

#[component]
pub fn AuthCard(children: Children) -> impl IntoView {
    view! {
        <div class="auth-layout">
            <main id="main" class="auth-card">
                <p class="brand brand--large">"Customer Portal"</p>
                {children()}
            </main>
        </div>
    }
}
