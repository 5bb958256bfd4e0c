//! An emulator of Tencent Cloud CBS's `DescribeSnapshots`.

mod demo_data;
mod select;
mod store;
mod v2;
mod v3;
