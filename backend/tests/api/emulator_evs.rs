//! The EVS emulator over real HTTP, through the harness in `support::evs`: [`reads`] tests list,
//! show and routing, [`writes`] create, update and the volume list, [`lifecycle`] delete and
//! rollback, [`gateway`] the signature check in front of them.

mod gateway;
mod lifecycle;
mod reads;
mod writes;
