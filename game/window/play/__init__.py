"""The play screen's parts: the game state it drives, the top bar, the node panel, the feed."""
