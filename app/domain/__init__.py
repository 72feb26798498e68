"""The industry map's domain: districts, industries, clusters, parks — free of the web framework."""
