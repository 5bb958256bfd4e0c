//! The EVS emulator over real HTTP, through the harness in `support::evs`: [`reads`] tests list,
//! show and routing, [`writes`] create, update and the volume list, [`gateway`] the signature
//! check in front of them.

mod gateway;
mod reads;
mod writes;
