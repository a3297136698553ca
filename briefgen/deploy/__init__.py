"""`briefgen deploy`: a built output folder uploaded to an S3-compatible bucket.

Above the build stage and beside serve and digest: it reads what a build
wrote (the output marker, `_redirects`) but never builds. Planning is pure
(`plan`); the folder (`local`) and the bucket (`bucket`) are the edges, and
`run` ties them together in the order a deploy must keep.
"""
