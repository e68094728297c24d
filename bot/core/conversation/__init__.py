"""Reading what people type: everyday words mapped onto the content's, small talk, statements of pain,
and the route a typed message takes (answer, a choice of topics, an honest refusal, a friendly reply)."""
