"""Running a build: the pipeline of steps, page keys for incremental builds,
the output tree, the search index and the build cache."""
