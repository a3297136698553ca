"""Benchmarks and the corpora they build on; a package so that tests can import bench.corpus."""
