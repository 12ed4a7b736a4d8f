//! A stateful fake of the vendors, on 127.0.0.1.
