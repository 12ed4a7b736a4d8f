//! What happens on the vendor's side that the app hears of through callbacks: a user's message
//! to a bot, Desk session events, a transfer to a human (with `OnAssignHuman` applied to the
//! session). Called by [`crate::FakeServer`]'s methods and by the control paths (`/_fake/...`).

use ccapi_models::common::{ActionStatus, MsgBodyElement, TextElem};
use ccapi_models::desk::{CurrentState, FromAccountRole, Message, OnAssignHumanReply, SessionEventType};

use crate::callbacks;
use crate::push::DeliveryRecord;
use crate::state::{Shared, unix_millis};

/// Waits for a queued delivery's record (`None` without a callback target).
async fn delivered(record: tokio::sync::oneshot::Receiver<Option<DeliveryRecord>>) -> Option<DeliveryRecord> {
    record.await.ok().flatten()
}

impl Shared {
    /// The next callback sequence number (`MsgSeq`, `RequestID`).
    pub(crate) fn next_seq(&self) -> u64 {
        let mut inner = self.lock();
        inner.callback_seq += 1;
        inner.callback_seq
    }

    /// See [`crate::FakeServer::send_user_message`].
    pub(crate) async fn send_user_message(&self, from: &str, to_bot: &str, text: &str) -> Option<DeliveryRecord> {
        let out = callbacks::c2c_message(self.next_seq(), from, to_bot, text);
        delivered(self.push(out)).await
    }

    /// See [`crate::FakeServer::push_session_event`].
    pub(crate) async fn push_session_event(&self, session_id: &str, event: &str) -> Option<DeliveryRecord> {
        let seq = self.next_seq();
        let out = {
            let inner = self.lock();
            let session = inner.session(session_id)?;
            callbacks::session_event(seq, session, SessionEventType::from_wire(event), None)
        };
        delivered(self.push(out)).await
    }

    /// See [`crate::FakeServer::user_writes`].
    pub(crate) async fn user_writes(&self, session_id: &str, text: &str) -> Option<DeliveryRecord> {
        let seq = self.next_seq();
        let out = {
            let mut inner = self.lock();
            let session = inner.session_mut(session_id)?;
            let key = callbacks::msg_key(seq, fastrand::u32(..), unix_millis() / 1000);
            session.messages.push(
                Message::new()
                    .from_account(session.client_user_id.clone())
                    .from_account_role(FromAccountRole::User)
                    .msg_body(vec![MsgBodyElement::Text(TextElem::new(text))])
                    .timestamp(unix_millis()),
            );
            callbacks::session_event(seq, session, SessionEventType::UserSendMsg, Some((&key, text)))
        };
        delivered(self.push(out)).await
    }

    /// See [`crate::FakeServer::transfer_to_human`].
    pub(crate) async fn transfer_to_human(&self, session_id: &str) -> Option<DeliveryRecord> {
        let out = {
            let inner = self.lock();
            let session = inner.session(session_id)?;
            callbacks::assign_human(session)
        };
        let record = delivered(self.push(out)).await?;
        // The app's answer, read as the spec's reply; one that is not (or says FAIL) changes nothing.
        let reply = record.reply().and_then(|r| serde_json::from_value::<OnAssignHumanReply>(r).ok());
        let Some(reply) = reply.filter(|r| r.action_status == ActionStatus::Ok && r.error_code == 0) else {
            return Some(record);
        };
        let agent = reply.agent_id_list.as_ref().and_then(|l| l.first());
        let mut inner = self.lock();
        if let Some(session) = inner.session_mut(session_id) {
            match (agent, reply.agent_group_id) {
                (Some(agent), _) => {
                    session.state = CurrentState::Agent;
                    session.agent_id = Some(agent.clone());
                }
                (None, Some(_)) => session.state = CurrentState::Queuing,
                (None, None) => {}
            }
        }
        Some(record)
    }
}
