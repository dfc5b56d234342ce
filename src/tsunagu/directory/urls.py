"""Staff pages of the directory (/directory/), namespace "directory"."""

from tsunagu.directory import staff_urls

app_name = "directory"

urlpatterns = [*staff_urls.urlpatterns]
