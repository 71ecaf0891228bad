from django.urls import path

from sokhan.captcha import views

app_name = "captcha"
urlpatterns = [
    path("captcha/new.json", views.new, name="new"),
    path("captcha/<str:value>/image.png", views.image_view, name="image"),
    path("captcha/<str:value>/audio.wav", views.audio_view, name="audio"),
]
