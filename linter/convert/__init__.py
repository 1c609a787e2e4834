"""`cslint convert`: docker-compose files to CodeShip services files."""
