"""The Gradio web demo (`mds demo`): demo.app builds the page, demo.render writes its HTML."""
