//! Tencent TLSSigAPIv2 UserSig signing and verification.
