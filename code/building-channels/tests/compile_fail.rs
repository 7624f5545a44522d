//! The chapter's compile-error lessons: every program in `compile_fail/`
//! must fail to compile with exactly the error in its `.stderr` file.
//! Regenerate them with
//! `TRYBUILD=overwrite cargo test -p building-channels --test compile_fail`.

#[test]
#[cfg_attr(miri, ignore)]
fn compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile_fail/*.rs");
}
