//! An imported QSAR model file never panics or aborts its import or a
//! prediction with it, whatever its bytes (sizes it claims included).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if genui_qsar::task::read_model(data).is_ok() {
        let smiles = ["CC(=O)Nc1ccc(O)cc1".to_owned(), "c1ccccc1".to_owned()];
        if let Ok((values, applicability, _)) = genui_qsar::task::predict_with(data, &smiles) {
            assert_eq!((values.len(), applicability.len()), (2, 2));
        }
    }
});
