from django.urls import path

from tsunagu.foodbank import views, views_giving, views_programs

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
    path("households/", views_giving.household_list, name="household_list"),
    path("households/new/", views_giving.household_new, name="household_new"),
    path("households/<int:pk>/", views_giving.household_detail, name="household_detail"),
    path("households/<int:pk>/personal/", views_giving.household_personal,
         name="household_personal"),
    path("households/<int:pk>/edit/", views_giving.household_edit, name="household_edit"),
    path("deliveries/", views_giving.delivery_list, name="delivery_list"),
    path("deliveries/new/", views_giving.delivery_new, name="delivery_new"),
    path("pantry/", views_giving.pantry_list, name="pantry_list"),
    path("pantry/<int:pk>/", views_giving.pantry_check_in, name="pantry_check_in"),
    path("pantry/<int:pk>/food/", views_giving.pantry_food, name="pantry_food"),
    path("pantry/<int:pk>/count.json", views_giving.pantry_count, name="pantry_count"),
    path("cafeteria/", views_programs.cafeteria_list, name="cafeteria_list"),
    path("cafeteria/<int:pk>/", views_programs.cafeteria_detail, name="cafeteria_detail"),
    path("appliances/", views_programs.appliance_list, name="appliance_list"),
    path("appliances/new/", views_programs.appliance_new, name="appliance_new"),
    path("appliances/<int:pk>/", views_programs.appliance_detail, name="appliance_detail"),
    path("appliances/<int:pk>/photo/", views_programs.appliance_photo, name="appliance_photo"),
    path("figures/", views_programs.figures, name="figures"),
    path("figures.csv", views_programs.figures_csv, name="figures_csv"),
    path("figures.xlsx", views_programs.figures_xlsx, name="figures_xlsx"),
]
