"""HTTP routers. Each module owns one APIRouter; app.main wires them together."""
