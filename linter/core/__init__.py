"""The engine and what it is made of: findings, rules, the registry, configuration,
suppressions, fixes and which files to lint. Knows nothing of CodeShip's keys."""
