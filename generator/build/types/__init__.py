"""What particular content types add to the generic pages, one module per type's pages.

A type names its hooks in its declaration (``ContentType.hooks``); the build looks that name up in
two registries: ``planning.PLAN_HOOKS`` (pages the type adds to an edition's plan, or its own
listing pages) and ``rendering.RENDER_HOOKS`` (what its item page, listing, home block and JSON
record add, and its own kinds of page). Outside these registries the generic stages name no type,
except legal documents (their lookup, effect and field pages, the base every portal has) and the
portal's aggregated news.
Two registries, because planning comes before rendering: ``planning`` and the ``*_paths`` modules
never import ``plan``, so that ``plan`` may ask them.
"""
