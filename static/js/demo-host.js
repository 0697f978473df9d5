// The demo host page: lists the fan events that embed.js reports as DOM CustomEvents.
document.addEventListener("superfan:event", function (event) {
  var list = document.getElementById("events");
  var empty = list.querySelector(".empty");
  if (empty) empty.remove();
  var item = document.createElement("li");
  var detail = event.detail || {};
  var points = detail.points === 1 ? " point" : " points"; // this stand-in page is English
  item.textContent = detail.type + " (+" + detail.points + points + ") at " + detail.at;
  list.appendChild(item);
});
