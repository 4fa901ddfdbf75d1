"""The game layer of game-days: the leaderboard database, scoring a batch of recordings into it,
and opening a team's round for ``warroom play --gameday`` (the model and the judging are in
``warroom.engine.gameday``)."""
