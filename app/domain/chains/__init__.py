"""Industry chains (产业链图谱): the plan's chains, who holds each link, the gaps, the project
pipeline and the chain facts site selection can cite. Framework-free; takes asyncpg pools or
connections."""
