//! Statuses and kinds stored in the database as text. Each enum's keys (in
//! the database, forms and URLs) come from its variant names by one rule, and
//! an unknown stored value is an error when read, never a default.

/// Declares an enum stored as text keys made from its variant names in
/// `case` (`"snake_case"` or `"kebab-case"`): strum gives the keys, parsing
/// and iteration in the server and the browser alike; sea-orm reads and
/// writes them on the server, refusing a value it does not know.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident in $case:tt { $($variants:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            strum::EnumIter,
            strum::EnumString,
            strum::IntoStaticStr,
        )]
        #[strum(serialize_all = $case)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum))]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(
                rs_type = "String",
                db_type = "String(sea_orm::sea_query::StringLen::None)",
                rename_all = $case
            )
        )]
        $vis enum $name { $($variants)* }
    };
}

pub(crate) use stored_enum;

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use sea_orm::ActiveEnum;
    use strum::IntoEnumIterator;

    /// The key strum gives is the value sea-orm stores, for every variant, and
    /// reading back a value nobody stored is an error.
    fn keys_match<E>()
    where
        E: ActiveEnum<Value = String> + IntoEnumIterator + Copy + std::fmt::Debug + PartialEq,
        &'static str: From<E>,
    {
        for variant in E::iter() {
            let key: &'static str = variant.into();
            assert_eq!(variant.to_value(), key, "{variant:?}");
            assert_eq!(E::try_from_value(&key.to_string()).unwrap(), variant);
        }
        assert!(E::try_from_value(&"no such key".to_string()).is_err());
    }

    #[test]
    fn every_stored_enum_stores_its_key_and_refuses_unknown_values() {
        keys_match::<crate::access::Permission>();
        keys_match::<crate::audit::ActorKind>();
        keys_match::<crate::auth::Role>();
        keys_match::<crate::auth::StaffRole>();
        keys_match::<crate::auth::TokenPurpose>();
        keys_match::<crate::auth::throttle::AttemptKind>();
        keys_match::<crate::auth::throttle::Outcome>();
        keys_match::<crate::billing::InvoiceStatus>();
        keys_match::<crate::contacts::ContactStatus>();
        keys_match::<crate::email::EmailEventKind>();
        keys_match::<crate::email::EmailStatus>();
        keys_match::<crate::email::TemplateKind>();
        keys_match::<crate::sales::DocumentKind>();
        keys_match::<crate::sales::EstimateStatus>();
        keys_match::<crate::audit::AuditAction>();
        assert_eq!(
            crate::email::TemplateKind::PasswordReset.key(),
            "password-reset"
        );
        assert_eq!(
            crate::audit::AuditAction::ContactUpdate.key(),
            "contact.update"
        );
    }
}
