// The web app is embedded from web/dist: rebuild when a new UI build lands there
// (its asset names change with every build, which include_bytes alone would not notice).
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
}
