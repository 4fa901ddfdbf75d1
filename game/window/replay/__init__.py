"""The replay viewer's parts: the games on their timelines, the scrubber, the side-by-side comparison."""
