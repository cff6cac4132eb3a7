import TousuText
