from django.urls import path

from tsunagu.foodbank import giving_views, program_views, views

app_name = "foodbank"
urlpatterns = [
    path("", views.home, name="home"),
    path("donations/", views.donation_list, name="donation_list"),
    path("donations/new/", views.donation_new, name="donation_new"),
    path("donations/<int:pk>/", views.donation_detail, name="donation_detail"),
    path("donations/<int:pk>/receipt.pdf", views.donation_receipt, name="donation_receipt"),
    path("stock/", views.stock, name="stock"),
    path("stock/history/", views.movement_list, name="movement_list"),
    path("stock/<int:pk>/", views.lot_detail, name="lot_detail"),
    path("stock/<int:pk>/waste/", views.lot_waste, name="lot_waste"),
    path("stock/<int:pk>/count/", views.lot_count, name="lot_count"),
    path("households/", giving_views.household_list, name="household_list"),
    path("households/new/", giving_views.household_new, name="household_new"),
    path("households/<int:pk>/", giving_views.household_detail, name="household_detail"),
    path("households/<int:pk>/personal/", giving_views.household_personal,
         name="household_personal"),
    path("households/<int:pk>/edit/", giving_views.household_edit, name="household_edit"),
    path("deliveries/", giving_views.delivery_list, name="delivery_list"),
    path("deliveries/new/", giving_views.delivery_new, name="delivery_new"),
    path("pantry/", giving_views.pantry_list, name="pantry_list"),
    path("pantry/<int:pk>/", giving_views.pantry_check_in, name="pantry_check_in"),
    path("pantry/<int:pk>/food/", giving_views.pantry_food, name="pantry_food"),
    path("pantry/<int:pk>/count.json", giving_views.pantry_count, name="pantry_count"),
    path("cafeteria/", program_views.cafeteria_list, name="cafeteria_list"),
    path("cafeteria/<int:pk>/", program_views.cafeteria_detail, name="cafeteria_detail"),
    path("appliances/", program_views.appliance_list, name="appliance_list"),
    path("appliances/new/", program_views.appliance_new, name="appliance_new"),
    path("appliances/<int:pk>/", program_views.appliance_detail, name="appliance_detail"),
    path("appliances/<int:pk>/photo/", program_views.appliance_photo, name="appliance_photo"),
    path("figures/", program_views.figures, name="figures"),
    path("figures.csv", program_views.figures_csv, name="figures_csv"),
    path("figures.xlsx", program_views.figures_xlsx, name="figures_xlsx"),
]
