"""What cslint knows about CodeShip Pro: the keys of each file, the services and steps
models, jet's templates and the JSON Schemas' validation. Shared by check, convert and
the pipeline commands; never imports the engine or the commands."""
