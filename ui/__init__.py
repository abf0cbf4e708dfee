"""Streamlit pages: thin layers that read widgets and call the engine in `resources`."""
