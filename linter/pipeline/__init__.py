"""The pipeline as it runs: which steps run for a build, in which order, on which service
(`plan.build_plan`, value types in `model`). `cslint plan` prints it and `cslint dry-run`
runs it; both read it from here, so they cannot disagree."""
