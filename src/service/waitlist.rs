//! Moving up from the waitlist: the proposal, and the one action that gives the Zusage.

use super::Kohorte;
use crate::error::Result;
use crate::model::Status;
use crate::review::StatusChange;
use crate::selection::SelectionOptions;
use crate::waitlist::{Promotion, promotion};

impl Kohorte {
    /// Who would move up into the open places, without changing anything.
    pub fn waitlist_promotion(&self, options: &SelectionOptions) -> Result<Promotion> {
        let store = self.store();
        let programme = store.programme()?;
        Ok(promotion(
            &super::selection::full_pool(&store, &programme)?,
            options,
        )?)
    }

    /// Gives everyone the proposal moves up their Zusage in one status change (audited,
    /// undoable like any other). The letters follow with [`Kohorte::write_letters_to`].
    pub fn promote_from_waitlist(
        &self,
        options: &SelectionOptions,
    ) -> Result<(Promotion, StatusChange)> {
        let promotion = self.waitlist_promotion(options)?;
        let ids: Vec<_> = promotion.promoted.iter().map(|e| e.id).collect();
        let change = self.set_status(&ids, Status::Zugesagt)?;
        Ok((promotion, change))
    }
}
