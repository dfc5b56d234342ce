from tsunagu.safeguarding.abuse import urls as abuse_urls
from tsunagu.safeguarding.emergency import urls as emergency_urls
from tsunagu.safeguarding.rights import urls as rights_urls

app_name = "safeguarding"

urlpatterns = [*abuse_urls.urlpatterns, *rights_urls.urlpatterns, *emergency_urls.urlpatterns]
