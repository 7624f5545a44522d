//! The chapter's compile-error lessons: each file in `compile_fail/` must
//! fail to compile with exactly the error in its `.stderr` file.

#[test]
#[cfg_attr(miri, ignore)]
fn compile_fail_lessons() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile_fail/*.rs");
}
