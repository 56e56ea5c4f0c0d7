//! Where an estimate stands and which moves between statuses are allowed.
//! The server checks every change here; a refused one carries the sentence
//! that tells the person why.

use chrono::NaiveDate;

use super::EstimateStatus;

/// What made an estimate move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EstimateEvent {
    /// Staff sent it (or sent it again after revising it).
    Send,
    /// A contact opened it.
    View,
    Approve,
    RequestChanges,
    Decline,
    /// It became an order.
    Convert,
}

impl EstimateStatus {
    /// Whether customers can see an estimate in this status.
    pub fn is_visible_to_customer(self) -> bool {
        self != Self::Draft
    }

    /// Whether the customer is still being asked to decide.
    pub fn awaits_decision(self) -> bool {
        matches!(self, Self::Sent | Self::Viewed)
    }
}

/// The status an estimate shows today: one still waiting for its customer past
/// its valid-until date has expired (by the server's clock, so every page agrees).
pub fn effective_status(
    stored: EstimateStatus,
    valid_until: Option<NaiveDate>,
    today: NaiveDate,
) -> EstimateStatus {
    let waiting = matches!(
        stored,
        EstimateStatus::Sent | EstimateStatus::Viewed | EstimateStatus::ChangesRequested
    );
    match valid_until {
        Some(until) if waiting && until < today => EstimateStatus::Expired,
        _ => stored,
    }
}

/// The status `event` moves an estimate in status `from` (as it shows today) to,
/// or why it can't.
pub fn next_status(from: EstimateStatus, event: EstimateEvent) -> Result<EstimateStatus, String> {
    use EstimateEvent as E;
    use EstimateStatus as S;
    let refused = |why: &str| Err(why.to_string());
    match (from, event) {
        (S::Draft | S::ChangesRequested | S::Declined | S::Expired, E::Send) => Ok(S::Sent),
        (S::Sent | S::Viewed, E::Send) => refused("This estimate has already been sent."),
        (S::Sent, E::View) => Ok(S::Viewed),
        // Opening it again changes nothing.
        (
            S::Viewed | S::Approved | S::ChangesRequested | S::Declined | S::Converted | S::Expired,
            E::View,
        ) => {
            Ok(from)
        }
        (S::Sent | S::Viewed, E::Approve) => Ok(S::Approved),
        (S::Sent | S::Viewed, E::RequestChanges) => Ok(S::ChangesRequested),
        (S::Sent | S::Viewed, E::Decline) => Ok(S::Declined),
        (S::Approved, E::Convert) => Ok(S::Converted),
        (S::Draft, _) => refused("This estimate is still a draft: it has not been sent."),
        (S::Expired, _) => refused(
            "This estimate has expired. Ask for a new one, or for this one to be sent again.",
        ),
        (S::Approved | S::Converted, E::Approve | E::RequestChanges | E::Decline) => {
            refused("This estimate has already been approved.")
        }
        (S::Declined, E::Approve | E::RequestChanges | E::Decline) => {
            refused("This estimate was declined. It can be decided again once it is sent again.")
        }
        (S::ChangesRequested, E::Approve | E::RequestChanges | E::Decline) => refused(
            "Changes were requested on this estimate. It can be decided again once it is revised and sent.",
        ),
        (S::Converted, E::Send) => refused("This estimate is already an order."),
        (S::Approved, E::Send) => refused("This estimate is approved: revise it to send it again."),
        (_, E::Convert) => refused("Only an approved estimate can become an order."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;
    use EstimateEvent as E;
    use EstimateStatus as S;

    #[test]
    fn allowed_moves() {
        let allowed = [
            (S::Draft, E::Send, S::Sent),
            (S::ChangesRequested, E::Send, S::Sent),
            (S::Declined, E::Send, S::Sent),
            (S::Expired, E::Send, S::Sent),
            (S::Sent, E::View, S::Viewed),
            (S::Viewed, E::View, S::Viewed),
            (S::Sent, E::Approve, S::Approved),
            (S::Viewed, E::Approve, S::Approved),
            (S::Sent, E::RequestChanges, S::ChangesRequested),
            (S::Viewed, E::RequestChanges, S::ChangesRequested),
            (S::Viewed, E::Decline, S::Declined),
            (S::Approved, E::Convert, S::Converted),
        ];
        for (from, event, to) in allowed {
            assert_eq!(next_status(from, event), Ok(to), "{from:?} {event:?}");
        }
    }

    #[test]
    fn refused_moves_say_why() {
        let refused = [
            (S::Draft, E::Approve),
            (S::Draft, E::View),
            (S::Sent, E::Send),
            (S::Expired, E::Approve),
            (S::Approved, E::Decline),
            (S::Approved, E::Send),
            (S::Converted, E::Approve),
            (S::Converted, E::Send),
            (S::Declined, E::Approve),
            (S::ChangesRequested, E::Approve),
            (S::Sent, E::Convert),
            (S::Draft, E::Convert),
        ];
        for (from, event) in refused {
            let why = next_status(from, event).expect_err(&format!("{from:?} {event:?}"));
            assert!(why.ends_with('.'), "{why}");
        }
    }

    #[test]
    fn every_status_and_event_has_an_answer_and_decisions_need_a_waiting_estimate() {
        for from in S::iter() {
            for event in [E::Approve, E::RequestChanges, E::Decline] {
                assert_eq!(
                    next_status(from, event).is_ok(),
                    from.awaits_decision(),
                    "{from:?}"
                );
            }
        }
    }

    #[test]
    fn an_estimate_waiting_past_its_valid_until_date_has_expired() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(effective_status(S::Sent, Some(day(1)), day(1)), S::Sent);
        assert_eq!(effective_status(S::Sent, Some(day(1)), day(2)), S::Expired);
        assert_eq!(
            effective_status(S::Viewed, Some(day(1)), day(2)),
            S::Expired
        );
        assert_eq!(
            effective_status(S::ChangesRequested, Some(day(1)), day(2)),
            S::Expired
        );
        // Decided, draft or open-ended estimates never expire.
        assert_eq!(
            effective_status(S::Approved, Some(day(1)), day(9)),
            S::Approved
        );
        assert_eq!(effective_status(S::Draft, Some(day(1)), day(9)), S::Draft);
        assert_eq!(effective_status(S::Sent, None, day(9)), S::Sent);
    }
}
