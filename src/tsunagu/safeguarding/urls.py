from tsunagu.safeguarding import abuse_urls, rights_urls

app_name = "safeguarding"

urlpatterns = [*abuse_urls.urlpatterns, *rights_urls.urlpatterns]
