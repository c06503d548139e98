//! SES feedback through SNS: permanent bounces and complaints put the
//! address on the suppression list, so no campaign emails it again.

use aws_lambda_events::event::sns::SnsEvent;
use serde::Deserialize;
use shared::domain::EmailAddress;
use shared::ports::{ConfirmationStore, StoreError};

/// An SES notification, as identity notifications (`notificationType`) or
/// configuration-set event publishing (`eventType`) send it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    #[serde(alias = "eventType")]
    notification_type: String,
    bounce: Option<Bounce>,
    complaint: Option<Complaint>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bounce {
    bounce_type: String,
    bounced_recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Complaint {
    complained_recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: String,
}

/// The addresses an SES notification says to stop emailing: permanent
/// bounces and complaints; transient bounces and deliveries give none.
pub fn suppressed_addresses(message: &str) -> Result<Vec<EmailAddress>, serde_json::Error> {
    let notification: Notification = serde_json::from_str(message)?;
    let recipients = match (
        notification.notification_type.as_str(),
        notification.bounce,
        notification.complaint,
    ) {
        ("Bounce", Some(bounce), _) if bounce.bounce_type == "Permanent" => {
            bounce.bounced_recipients
        }
        ("Complaint", _, Some(complaint)) => complaint.complained_recipients,
        _ => Vec::new(),
    };
    Ok(recipients
        .iter()
        .filter_map(|r| EmailAddress::parse(&r.email_address).ok())
        .collect())
}

/// Suppresses every address the event's notifications name. A notification
/// that can't be read is logged and skipped: SNS would only redeliver it.
pub async fn handle_feedback(
    store: &dyn ConfirmationStore,
    event: SnsEvent,
) -> Result<(), StoreError> {
    for record in event.records {
        let message_id = &record.sns.message_id;
        match suppressed_addresses(&record.sns.message) {
            Ok(addresses) => {
                for address in &addresses {
                    store.suppress(address).await?;
                }
                tracing::info!(%message_id, suppressed = addresses.len(), "SES feedback handled");
            }
            Err(error) => tracing::error!(%message_id, %error, "unreadable SES notification"),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permanent_bounces_and_complaints_suppress_and_transient_bounces_do_not() {
        let permanent = r#"{"notificationType": "Bounce", "bounce": {"bounceType": "Permanent",
            "bouncedRecipients": [{"emailAddress": "gone@example.org"}]}}"#;
        let complaint = r#"{"eventType": "Complaint", "complaint": {
            "complainedRecipients": [{"emailAddress": "angry@example.org"}]}}"#;
        let transient = r#"{"notificationType": "Bounce", "bounce": {"bounceType": "Transient",
            "bouncedRecipients": [{"emailAddress": "full@example.org"}]}}"#;
        let delivery = r#"{"notificationType": "Delivery"}"#;
        assert_eq!(
            suppressed_addresses(permanent).unwrap()[0].as_ref(),
            "gone@example.org"
        );
        assert_eq!(
            suppressed_addresses(complaint).unwrap()[0].as_ref(),
            "angry@example.org"
        );
        assert!(suppressed_addresses(transient).unwrap().is_empty());
        assert!(suppressed_addresses(delivery).unwrap().is_empty());
        assert!(suppressed_addresses("not json").is_err());
    }
}
