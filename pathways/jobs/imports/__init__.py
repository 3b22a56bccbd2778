"""Import kinds of the jobs app: placements (registered in JobsConfig.ready())."""
