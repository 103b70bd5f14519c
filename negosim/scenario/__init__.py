"""What a scenario IS: models, YAML loading with located errors, overrides."""
