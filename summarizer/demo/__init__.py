"""The Gradio web demo (`mds demo`): summarizer.demo.app builds the page, summarizer.demo.render writes its HTML."""
